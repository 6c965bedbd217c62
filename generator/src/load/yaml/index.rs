//! Where each node of a parsed document starts in its text, looked up by
//! JSON pointer or by byte offset.

use crate::load::pointer;
use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::BuildHasher;

/// Where each node of the document starts: for a mapping entry, its key; for
/// a sequence item, the item. Built from the text alone, in document order.
///
/// Compact, since it holds a pointer for every node (584,000 nodes and
/// 42 MB of pointers at 50 times the pod spec): the pointers are written
/// once, end to end, in one string; a node is where its pointer ends there
/// and where it starts in the source; the lookup by pointer keys on a hash
/// of the pointer (randomly keyed, so no spec can pick its collisions) and
/// compares the text.
#[derive(Debug, Default)]
pub struct PositionIndex {
    /// Every node's pointer, in document order, end to end.
    pointers: String,
    /// For each node: where its pointer ends in `pointers` (it starts where
    /// the previous one ends), and its byte offset in the source.
    entries: Vec<(usize, usize)>,
    /// A pointer's hash → the first node with that hash.
    by_hash: HashMap<u64, usize>,
    hasher: RandomState,
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
            if let Some(i) = self.find(pointer) {
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
        match self.entries.partition_point(|(_, at)| *at <= offset) {
            0 => "",
            i => self.pointer(i - 1),
        }
    }

    /// An empty index with room for `nodes` nodes whose pointers total
    /// `bytes` bytes.
    pub(super) fn with_capacity(nodes: usize, bytes: usize) -> Self {
        PositionIndex {
            pointers: String::with_capacity(bytes),
            entries: Vec::with_capacity(nodes),
            by_hash: HashMap::with_capacity(nodes),
            ..PositionIndex::default()
        }
    }

    pub(super) fn record(&mut self, pointer: &str, offset: usize) {
        let i = self.entries.len();
        self.pointers.push_str(pointer);
        self.entries.push((self.pointers.len(), offset));
        self.by_hash
            .entry(self.hasher.hash_one(pointer))
            .or_insert(i);
    }

    /// Every node's pointer and offset, in document order.
    #[cfg(test)]
    pub(super) fn nodes(&self) -> Vec<(&str, usize)> {
        (0..self.entries.len())
            .map(|i| (self.pointer(i), self.entries[i].1))
            .collect()
    }

    /// The pointer of node `i`.
    fn pointer(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.entries[i - 1].0 };
        &self.pointers[start..self.entries[i].0]
    }

    /// The first node at `pointer`. Another pointer with the same hash is
    /// next to impossible; then the nodes are searched in order.
    fn find(&self, pointer: &str) -> Option<usize> {
        let &i = self.by_hash.get(&self.hasher.hash_one(pointer))?;
        if self.pointer(i) == pointer {
            Some(i)
        } else {
            (0..self.entries.len()).find(|&j| self.pointer(j) == pointer)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::PositionIndex;
    use std::hash::BuildHasher;

    #[test]
    fn a_node_is_found_by_its_pointer_and_by_its_offset() {
        let mut index = PositionIndex::default();
        for (pointer, offset) in [("", 0), ("/a", 3), ("/a/b", 9), ("/c", 20), ("/a", 30)] {
            index.record(pointer, offset);
        }
        assert_eq!(index.offset("/a/b"), 9);
        // The first node with a pointer wins; a pointer not in the text is
        // located at its nearest ancestor.
        assert_eq!(index.offset("/a"), 3);
        assert_eq!(index.offset("/a/x/y"), 3);
        assert_eq!(index.offset("/z"), 0);
        assert_eq!(index.pointer_at(10), "/a/b");
        assert_eq!(index.pointer_at(2), "");
        assert_eq!(index.pointer_at(25), "/c");
        // Two pointers with one hash: the text decides.
        let hash = index.hasher.hash_one("/a/b");
        index.by_hash.insert(hash, 3);
        assert_eq!(index.offset("/a/b"), 9);
    }
}
