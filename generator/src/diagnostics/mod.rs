//! Diagnostics: what went wrong or looks odd, where, and what to do about it.

pub(crate) mod render;
mod source;

pub use self::source::Source;
use std::fmt;

/// How bad a diagnostic is. Warnings let the pipeline go on; errors stop it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Something odd the generator worked around; the output is still built.
    Warning,
    /// Something the generator cannot work around; nothing is written.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// A place in the source text: 1-based line and column (in characters), and
/// the byte offset the caret points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Byte offset into the source text.
    pub offset: usize,
}

/// One message about the input, tied to a JSON pointer in the source document
/// and, once located, to a line and column of the source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// JSON pointer (RFC 6901) into the source document; empty for the root.
    pub pointer: String,
    /// What to do about it.
    pub help: Option<String>,
    /// Where the diagnostic points; `None` until located.
    pub location: Option<Location>,
}

impl Diagnostic {
    /// A diagnostic at `pointer`, not yet located, without help.
    pub fn new(severity: Severity, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            message: message.into(),
            pointer: pointer.into(),
            help: None,
            location: None,
        }
    }

    /// The same, with what to do about it.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The same, located at `location`.
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }
}

/// The diagnostics one run collects, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Runs `work` with diagnostics of its own and returns them beside its
    /// result: for work on another thread, merged afterwards in order.
    pub fn gather<T>(work: impl FnOnce(&mut Diagnostics) -> T) -> (T, Diagnostics) {
        let mut diags = Diagnostics::default();
        let value = work(&mut diags);
        (value, diags)
    }

    /// Adds one.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Adds a warning at `pointer`, with what to do about it.
    pub fn warn(&mut self, pointer: &str, message: impl Into<String>, help: impl Into<String>) {
        self.push(Diagnostic::new(Severity::Warning, pointer, message).with_help(help));
    }

    /// Adds an error at `pointer`, with what to do about it.
    pub fn error(&mut self, pointer: &str, message: impl Into<String>, help: impl Into<String>) {
        self.push(Diagnostic::new(Severity::Error, pointer, message).with_help(help));
    }

    /// Whether any is an error.
    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// How many are errors.
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Each, in the order found.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Each, mutably (to map pointers or locate them).
    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Diagnostic> {
        self.items.iter_mut()
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Adds another run's diagnostics after these.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// The diagnostics, in the order found.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}
