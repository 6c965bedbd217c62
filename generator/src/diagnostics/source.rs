//! The spec's text as diagnostics point into it: its name, the text as
//! parsed, and the line table that turns byte offsets into lines and columns.

use crate::diagnostics::Location;

/// The source text of a spec, after repair, with its line table.
#[derive(Debug, Clone)]
pub struct Source {
    /// The name diagnostics print: the path as the user gave it.
    pub name: String,
    /// The text as parsed: control bytes replaced.
    pub text: String,
    /// sha256 of the bytes as read, before any repair, in lowercase hex.
    pub sha256: String,
    line_starts: Vec<usize>,
    /// Per line, whether it is all ASCII (its columns are byte counts).
    ascii_lines: Vec<bool>,
}

impl Source {
    /// The source `text`, shown under `name`, whose bytes hash to `sha256`.
    pub fn new(name: &str, text: String, sha256: String) -> Source {
        let mut line_starts = vec![0];
        // `match_indices` finds a `\n` with memchr, many bytes at a time.
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let ascii_lines = (0..line_starts.len())
            .map(|i| {
                let end = line_starts.get(i + 1).copied().unwrap_or(text.len());
                text.as_bytes()[line_starts[i]..end].is_ascii()
            })
            .collect();
        Source {
            name: name.to_owned(),
            text,
            sha256,
            line_starts,
            ascii_lines,
        }
    }

    /// The bytes as text, invalid UTF-8 shown as U+FFFD.
    pub(crate) fn lossy(name: &str, bytes: &[u8], sha256: &str) -> Source {
        Source::new(
            name,
            String::from_utf8_lossy(bytes).into_owned(),
            sha256.to_owned(),
        )
    }

    /// Line and column of a byte offset (clamped to the text; the end of a
    /// text that ends with a line break is the end of its last line).
    pub fn location(&self, offset: usize) -> Location {
        let mut offset = offset.min(self.text.len());
        if offset == self.text.len() && self.text.ends_with('\n') {
            offset -= 1;
        }
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset);
        let start = self.line_starts[line - 1];
        let column = if self.ascii_lines[line - 1] {
            offset - start
        } else {
            self.text[start..offset].chars().count()
        } + 1;
        Location {
            line,
            column,
            offset,
        }
    }

    /// Byte offset of the start of a 1-based line (the end of the text past
    /// the last line).
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len())
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let start = self
            .line_starts
            .get(line - 1)
            .copied()
            .unwrap_or(self.text.len());
        let end = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |&e| e - 1);
        self.text[start..end.max(start)].trim_end_matches('\r')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_count_characters_not_bytes() {
        let s = Source::new("x", "ab\nçd\n".into(), String::new());
        let at = s.text.find('d').unwrap();
        assert_eq!(
            s.location(at),
            Location {
                line: 2,
                column: 2,
                offset: at
            }
        );
        assert_eq!(s.line_start(2), 3);
        assert_eq!(s.line_text(2), "çd");
    }
}
