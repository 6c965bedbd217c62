//! The spec file's bytes: the size limit, binary and encoding checks, and
//! the one-for-one repair of stray control bytes.

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Severity, Source};
use crate::parallel::join;
use sha2::{Digest, Sha256};

/// Larger inputs are refused: the real pod spec is 0.4 MB, and a client crate
/// generated from a 16 MB description is not something anyone can review.
pub const MAX_SPEC_BYTES: usize = 16 * 1024 * 1024;

/// More control bytes than this and the file is not a text file with a few
/// mangled characters but something else.
const MAX_CONTROL_BYTES: usize = 64;

/// The bytes looked for control bytes at once (see `checked`).
const CONTROL_BLOCK: usize = 64;

/// What a stray control byte is replaced with, one byte for one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repair {
    /// U+001C and U+001D become `"`: they are what is left of U+201C and
    /// U+201D (curly quotes) after their high byte was lost. Other control
    /// bytes become a space.
    Quotes,
    /// Every control byte becomes a space, which is valid in every YAML
    /// scalar style (used when `Quotes` would end a quoted scalar).
    Spaces,
}

/// Checks the raw bytes and repairs control bytes. Errors (too large,
/// binary, not UTF-8) and one warning per repaired byte go to `diags`;
/// after an error the source holds what can be shown of the bytes.
pub fn read(name: &str, bytes: &[u8], repair: Repair, diags: &mut Diagnostics) -> Source {
    // The hash is only recorded (provenance), so it is computed beside the
    // checks and the line table rather than before them.
    let (sha256, mut source) = join(
        || hex(&Sha256::digest(bytes)),
        || checked(name, bytes, repair, diags),
    );
    source.sha256 = sha256;
    source
}

/// `read` but for the hash: the source it returns records none.
fn checked(name: &str, bytes: &[u8], repair: Repair, diags: &mut Diagnostics) -> Source {
    let start = Location {
        line: 1,
        column: 1,
        offset: 0,
    };
    if bytes.len() > MAX_SPEC_BYTES {
        diags.push(
            Diagnostic::new(
                Severity::Error,
                "",
                format!(
                    "the file is {} bytes; the limit is {} bytes",
                    bytes.len(),
                    MAX_SPEC_BYTES
                ),
            )
            .with_help("pass the Swagger 2.0 or OpenAPI 3.0 description of one API")
            .at(start),
        );
        let head = &bytes[..bytes.len().min(4096)];
        return Source::lossy(name, head, "");
    }
    // `contains` looks for the byte with memchr; the place is found after.
    let nul = bytes
        .contains(&0)
        .then(|| bytes.iter().position(|&b| b == 0));
    if let Some(at) = nul.flatten() {
        let source = Source::lossy(name, bytes, "");
        let shown = lossy_offset(bytes, at);
        diags.push(
            Diagnostic::new(
                Severity::Error,
                "",
                format!("a NUL byte at offset {at}: this is a binary file, not YAML or JSON"),
            )
            .with_help("pass the spec's .yml, .yaml or .json file")
            .at(source.location(shown)),
        );
        return source;
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let at = e.valid_up_to();
            let source = Source::lossy(name, bytes, "");
            let shown = lossy_offset(bytes, at);
            diags.push(
                Diagnostic::new(
                    Severity::Error,
                    "",
                    format!(
                        "the file is not UTF-8: byte 0x{:02X} at offset {at} is invalid",
                        bytes[at]
                    ),
                )
                .with_help("save the spec as UTF-8 (YAML and JSON are UTF-8 text)")
                .at(source.location(shown)),
            );
            return source;
        }
    };
    // A branch-free pass over each block (which the compiler vectorises)
    // finds the few blocks worth a look at each byte.
    let mut controls = Vec::new();
    for (n, block) in bytes.chunks(CONTROL_BLOCK).enumerate() {
        if block
            .iter()
            .fold(false, |any, &b| any | is_stray_control(b))
        {
            let at = block
                .iter()
                .enumerate()
                .filter(|(_, &b)| is_stray_control(b));
            controls.extend(at.map(|(i, _)| n * CONTROL_BLOCK + i));
        }
    }
    let mut repaired = bytes.to_vec();
    for &at in &controls {
        repaired[at] = replacement(bytes[at], repair);
    }
    // Replacing one ASCII byte by another keeps the text UTF-8.
    let text = String::from_utf8(repaired).unwrap_or_else(|_| text.to_owned());
    let source = Source::new(name, text, String::new());
    if controls.len() > MAX_CONTROL_BYTES {
        diags.push(
            Diagnostic::new(
                Severity::Error,
                "",
                format!("{} control bytes: this is not a text file", controls.len()),
            )
            .with_help("pass the spec's .yml, .yaml or .json file")
            .at(source.location(controls[0])),
        );
        return source;
    }
    for &at in &controls {
        let byte = bytes[at];
        let with = replacement(byte, repair) as char;
        diags.push(
            Diagnostic::new(
                Severity::Warning,
                "",
                format!("control byte U+{byte:04X} replaced by {with:?}"),
            )
            .with_help(
                "YAML forbids raw control characters; fix the upstream text (U+001C/U+001D are usually curly quotes that lost their high byte)",
            )
            .at(source.location(at)),
        );
    }
    source
}

/// C0 control bytes YAML does not allow in a document, and DEL.
fn is_stray_control(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f
}

fn replacement(byte: u8, repair: Repair) -> u8 {
    match (repair, byte) {
        (Repair::Quotes, 0x1c | 0x1d) => b'"',
        _ => b' ',
    }
}

/// Where byte `at` of `bytes` lands in their lossy UTF-8 decoding (each
/// invalid sequence becomes a three-byte U+FFFD there).
fn lossy_offset(bytes: &[u8], at: usize) -> usize {
    String::from_utf8_lossy(&bytes[..at.min(bytes.len())]).len()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_and_invalid_utf8_are_located_in_the_text_shown() {
        for bytes in [
            &b"\xff\xfe\x00s\x00w"[..],
            b"a\n\xc3\x28 b\x00c\n",
            b"\xe2\x82",
        ] {
            let mut d = Diagnostics::default();
            let s = read("x", bytes, Repair::Quotes, &mut d);
            let at = d.iter().next().unwrap().location.unwrap().offset;
            assert!(s.text.is_char_boundary(at), "{bytes:?}");
        }
    }

    #[test]
    fn control_bytes_are_replaced_one_for_one() {
        let mut d = Diagnostics::default();
        let s = read("x", b"a: \x1cq\x1d \x01\n", Repair::Quotes, &mut d);
        assert_eq!(s.text, "a: \"q\"  \n");
        assert_eq!(d.len(), 3);
        let cols: Vec<_> = d.iter().map(|d| d.location.unwrap().column).collect();
        assert_eq!(cols, [4, 6, 8]);
    }

    #[test]
    fn control_bytes_are_found_in_every_block_and_across_block_ends() {
        // One control byte at each end of a block and in the last, short one.
        let mut bytes = vec![b'a'; 3 * CONTROL_BLOCK + 5];
        let at = [0, CONTROL_BLOCK - 1, CONTROL_BLOCK, 3 * CONTROL_BLOCK + 4];
        for &i in &at {
            bytes[i] = 0x01;
        }
        let mut d = Diagnostics::default();
        let s = read("x", &bytes, Repair::Quotes, &mut d);
        let found: Vec<_> = d.iter().map(|d| d.location.unwrap().offset).collect();
        assert_eq!(found, at);
        assert!(!s.text.contains('\u{1}'));
    }

    #[test]
    fn the_hash_is_of_the_bytes_as_read_before_repair() {
        let mut d = Diagnostics::default();
        let clean = read("x", b"abc", Repair::Quotes, &mut d);
        assert_eq!(
            clean.sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let mangled = read("x", b"a: \x1cq\x1d\n", Repair::Quotes, &mut d);
        let quoted = read("x", b"a: \"q\"\n", Repair::Quotes, &mut d);
        assert_eq!(mangled.text, quoted.text);
        assert_ne!(mangled.sha256, quoted.sha256);
        assert_eq!(mangled.sha256, hex(&Sha256::digest(b"a: \x1cq\x1d\n")));
    }
}
