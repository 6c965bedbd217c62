//! Renders diagnostics like a compiler: the source line with a caret, what is
//! wrong, the JSON pointer, and what to do.

use crate::diagnostics::Source;
use crate::diagnostics::{Diagnostic, Severity};
use annotate_snippets::{Level, Renderer, Snippet};

/// One diagnostic as plain text (no colours), ending without a newline.
pub(crate) fn render(diagnostic: &Diagnostic, source: &Source) -> String {
    let level = match diagnostic.severity {
        Severity::Warning => Level::Warning,
        Severity::Error => Level::Error,
    };
    let location = diagnostic.location.unwrap_or(source.location(0));
    let full = source.line_text(location.line);
    let mut caret = location
        .offset
        .saturating_sub(source.line_start(location.line))
        .min(full.len());
    while !full.is_char_boundary(caret) {
        caret -= 1;
    }
    // A long line (a spec on one JSON line) is shown around the caret
    // only: the message stays readable, and rendering costs the same
    // whatever the line's length.
    let (line, cut_before) = if full.len() > LONG_LINE {
        window(full, caret)
    } else {
        (full, 0)
    };
    caret -= cut_before;
    // Control characters (a binary file's, a lone CR) would garble the
    // terminal: each is shown as a space, one byte for one.
    let shown: String = line
        .chars()
        .map(|c| {
            if c.is_ascii_control() && c != '\t' {
                ' '
            } else {
                c
            }
        })
        .collect();
    // A cut is marked, as annotate-snippets marks its own.
    let shown = if cut_before > 0 {
        caret += 3;
        let after = if cut_before + line.len() < full.len() {
            "..."
        } else {
            ""
        };
        format!("...{shown}{after}")
    } else {
        shown
    };
    let span_end = shown[caret..]
        .chars()
        .next()
        .map_or(caret, |c| caret + c.len_utf8());
    let pointer = format!("at {}", display_pointer(&diagnostic.pointer));
    let mut snippet = Snippet::source(&shown)
        .line_start(location.line)
        // annotate-snippets draws `^` for error-level spans only.
        .annotation(Level::Error.span(caret..span_end));
    // It counts the column in the text it is given: for a cut line the
    // `-->` line is written below, from the real column.
    if cut_before == 0 {
        snippet = snippet.origin(&source.name);
    }
    let mut message = level.title(&diagnostic.message).snippet(snippet);
    message = message.footer(Level::Note.title(&pointer));
    if let Some(help) = &diagnostic.help {
        message = message.footer(Level::Help.title(help));
    }
    let text = Renderer::plain().render(message).to_string();
    if cut_before == 0 {
        return text;
    }
    // As annotate-snippets writes it: indented by the line number's width.
    let arrow = format!(
        "{}--> {}:{}:{}",
        " ".repeat(location.line.to_string().len()),
        source.name,
        location.line,
        location.column
    );
    match text.split_once('\n') {
        Some((title, rest)) => format!("{title}\n{arrow}\n{rest}"),
        None => format!("{text}\n{arrow}"),
    }
}

/// At most [`WINDOW`] bytes of `line` on each side of `caret` (on
/// character boundaries), and how many bytes were cut before it.
fn window(line: &str, caret: usize) -> (&str, usize) {
    let mut start = caret.saturating_sub(WINDOW);
    while !line.is_char_boundary(start) {
        start += 1;
    }
    let mut end = (caret + WINDOW).min(line.len());
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    (&line[start..end], start)
}

/// How much of a long line a diagnostic shows on each side of its caret.
const WINDOW: usize = 100;

/// Lines longer than this are shown in a window around the caret.
const LONG_LINE: usize = 1024;

/// All diagnostics, each followed by a blank line, then a one-line summary.
pub(crate) fn render_all<'a>(
    diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
    source: &Source,
) -> String {
    let (mut out, mut warnings, mut errors) = (String::new(), 0, 0);
    for d in diagnostics {
        out.push_str(&render(d, source));
        out.push_str("\n\n");
        match d.severity {
            Severity::Warning => warnings += 1,
            Severity::Error => errors += 1,
        }
    }
    out.push_str(&format!(
        "{}: {errors} error(s), {warnings} warning(s)\n",
        source.name
    ));
    out
}

fn display_pointer(pointer: &str) -> &str {
    if pointer.is_empty() {
        "the document root"
    } else {
        pointer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_line_is_shown_around_the_caret_on_character_boundaries() {
        assert_eq!(window("short", 2), ("short", 0));
        let line = format!("{}é{}", "a".repeat(10_000), "ü".repeat(10_000));
        let (shown, cut) = window(&line, 10_000);
        assert_eq!(cut, 10_000 - WINDOW);
        assert!(shown.len() <= 2 * WINDOW, "{}", shown.len());
        assert!(shown[WINDOW..].starts_with('é'));
        // The end falls inside a two-byte character: it moves back.
        let (shown, _) = window(&line, 10_001);
        assert!(shown.ends_with('ü'));
    }
}
