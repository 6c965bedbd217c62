//! Where each node of a parsed document starts in its text, looked up by
//! JSON pointer or by byte offset.

use crate::load::pointer;
use std::collections::HashMap;

/// Where each node of the document starts: for a mapping entry, its key; for
/// a sequence item, the item. Built from the text alone, in document order.
#[derive(Debug, Default)]
pub struct PositionIndex {
    entries: Vec<(String, usize)>,
    by_pointer: HashMap<String, usize>,
    /// Where the nesting first goes deeper than serde_yaml allows.
    pub too_deep: Option<usize>,
    /// Where the document, aliases expanded, first holds more than
    /// [`MAX_NODES`](super::MAX_NODES) nodes, or its aliases add more than [`MAX_TEXT_BYTES`](super::MAX_TEXT_BYTES)
    /// bytes of text.
    pub too_large: Option<usize>,
}

impl PositionIndex {
    /// The byte offset of the node at `pointer`, or of its nearest ancestor
    /// that is in the text.
    pub fn offset(&self, mut pointer: &str) -> usize {
        loop {
            if let Some(&i) = self.by_pointer.get(pointer) {
                return self.entries[i].1;
            }
            match pointer::parent(pointer) {
                Some(up) => pointer = up,
                None => return 0,
            }
        }
    }

    /// The pointer of the innermost node that starts at or before `offset`.
    pub fn pointer_at(&self, offset: usize) -> &str {
        let i = self.entries.partition_point(|(_, at)| *at <= offset);
        if i == 0 {
            ""
        } else {
            &self.entries[i - 1].0
        }
    }

    pub(super) fn record(&mut self, pointer: String, offset: usize) {
        self.by_pointer
            .entry(pointer.clone())
            .or_insert(self.entries.len());
        self.entries.push((pointer, offset));
    }
}
