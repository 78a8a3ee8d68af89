//! Many documents at once, on every core.
//!
//! In: a slice of [`Document`]s (or, with [`Extractor::extract_batch_with`], a slice of
//! anything plus a function that turns one item into a result with the extractor).
//! Out: a `Vec` holding one result per input item, in input order — the same values a loop
//! calling [`Extractor::extract`] one document at a time would give, since extraction is a
//! pure function of the document and the (immutable, `Sync`) extractor.
//!
//! With the `parallel` feature (on by default) the items are spread over rayon's thread
//! pool: the global pool, or the pool of the caller when called inside
//! `rayon::ThreadPool::install`, so a program can choose how many threads to use.
//! Without the feature the same functions are a plain loop on the calling thread.

use crate::{Document, Extraction, Extractor};

impl Extractor {
    /// Extracts from every document, in parallel when the `parallel` feature is on (the
    /// default), and returns the extractions in the order of `docs`.
    ///
    /// The result equals `docs.iter().map(|d| self.extract(d)).collect()`; only the time
    /// taken differs. Work is shared out one document at a time (documents differ widely
    /// in length, and a thread left with a long run of them would keep the others
    /// waiting), so a batch gains from many cores when it holds at least a few documents
    /// per core.
    ///
    /// Every extraction is held until the batch returns, and the caller frees them all on
    /// one thread: in `benches/batch.rs` that made a batch take a tenth to a fifth longer
    /// on one thread, and that part does not shrink with more threads. When only part of
    /// each extraction is wanted (a count, a line of output),
    /// [`extract_batch_with`](Extractor::extract_batch_with) reduces each on its worker.
    ///
    /// ```
    /// use conflict_events::{CivilDate, Document, Extractor};
    ///
    /// let ex = Extractor::default_ref();
    /// let published = CivilDate::new(2022, 5, 10).unwrap();
    /// let texts = [
    ///     "Russian forces shelled Kramatorsk, Donetsk region, on 9 May 2022, killing three civilians.",
    ///     "",
    ///     "The central bank kept interest rates unchanged.",
    ///     "Kerry was scheduled to meet Lavrov in Geneva on Monday.",
    /// ];
    /// let docs: Vec<Document> = texts.iter().map(|t| Document::new(t).published(published)).collect();
    /// let batch = ex.extract_batch(&docs);
    /// assert_eq!(batch.len(), docs.len());
    /// for (doc, out) in docs.iter().zip(&batch) {
    ///     assert_eq!(*out, ex.extract(doc));
    /// }
    /// assert_eq!(batch[0].events[0].location.as_ref().unwrap().name, "Kramatorsk");
    /// assert!(batch[1].events.is_empty() && batch[2].events.is_empty());
    /// assert_eq!(batch[3].events.len(), 1);
    /// ```
    pub fn extract_batch(&self, docs: &[Document<'_>]) -> Vec<Extraction> {
        self.extract_batch_with(docs, |ex, doc| ex.extract(doc))
    }

    /// Applies `f` to every item with this extractor, in parallel when the `parallel`
    /// feature is on (the default), and returns the results in the order of `items`.
    ///
    /// This is [`extract_batch`](Extractor::extract_batch) for work around the extraction:
    /// parsing each item into a [`Document`] first, or turning each [`Extraction`] into
    /// what the caller keeps (a count, a serialised line) so that the whole extraction
    /// need not be held for every item at once. `f` runs once per item, on any thread, and
    /// items are handed out one at a time, which suits work of a few microseconds or more
    /// per item, as extraction is; a panic in `f` is passed on to the caller.
    ///
    /// ```
    /// use conflict_events::{Document, Extractor};
    ///
    /// let lines = ["Rebels shelled Aleppo on Sunday.", "Nothing happened here.", "  "];
    /// let counts = Extractor::default_ref()
    ///     .extract_batch_with(&lines, |ex, line| ex.events(&Document::new(line)).len());
    /// let one_by_one: Vec<usize> =
    ///     lines.iter().map(|l| conflict_events::extract_events(l).len()).collect();
    /// assert_eq!(counts, one_by_one);
    /// assert_eq!(counts, [1, 0, 0]);
    /// ```
    pub fn extract_batch_with<T, R, F>(&self, items: &[T], f: F) -> Vec<R>
    where
        T: Sync,
        R: Send,
        F: Fn(&Extractor, &T) -> R + Sync,
    {
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            // Leaves of one item: rayon's default splitting leaves runs of items that one
            // thread must finish alone at the end of a batch (measured: about 10% of the
            // 2-thread time for 1,024 mixed documents).
            items.par_iter().with_max_len(1).map(|item| f(self, item)).collect()
        }
        #[cfg(not(feature = "parallel"))]
        {
            items.iter().map(|item| f(self, item)).collect()
        }
    }
}
