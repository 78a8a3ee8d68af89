//! The crate's one error type.

/// What can go wrong while building an [`Extractor`](crate::Extractor) from user data.
/// Extraction itself never fails.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A line of a dictionary or gazetteer file could not be read.
    #[error("{file}:{line}{}: {message}", column.map(|c| format!(":{c}")).unwrap_or_default())]
    Parse {
        /// The file (or `<name>` for in-memory data).
        file: String,
        /// The 1-based line number.
        line: usize,
        /// The 1-based column (tab-separated field) where known.
        column: Option<usize>,
        /// What is wrong.
        message: String,
    },
    /// A file could not be opened or read.
    #[error("{path}: {message}")]
    Io {
        /// The path.
        path: String,
        /// The operating system's message.
        message: String,
    },
    /// A value given to the builder is unusable.
    #[error("invalid {what}: {message}")]
    Invalid {
        /// What was given ("place", "actor", "trigger").
        what: &'static str,
        /// What is wrong.
        message: String,
    },
    /// The dictionaries are too large to compile.
    #[error("the dictionaries could not be compiled: {0}")]
    Build(String),
}

impl Error {
    pub(crate) fn parse(file: &str, line: usize, column: Option<usize>, message: impl Into<String>) -> Error {
        Error::Parse { file: file.to_string(), line, column, message: message.into() }
    }
}
