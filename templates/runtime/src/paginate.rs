//! Streams over paged operations: every item of every page.

use crate::runtime::Error;
use futures_core::Stream;
use std::collections::VecDeque;
use std::future::Future;

/// The items of a `skip`/`limit` operation, page after page, until a page
/// comes back shorter than asked for. `fetch(skip, limit)` gets one page.
pub fn skip_limit<T, F, Fut>(page_size: i64, fetch: F) -> impl Stream<Item = Result<T, Error>>
where
    F: FnMut(i64, i64) -> Fut,
    Fut: Future<Output = Result<Vec<T>, Error>>,
{
    struct State<F, T> {
        fetch: F,
        skip: i64,
        buffer: VecDeque<T>,
        done: bool,
    }
    let page_size = page_size.max(1);
    let state = State {
        fetch,
        skip: 0,
        buffer: VecDeque::new(),
        done: false,
    };
    futures_util::stream::unfold(state, move |mut state| async move {
        loop {
            if let Some(item) = state.buffer.pop_front() {
                return Some((Ok(item), state));
            }
            if state.done {
                return None;
            }
            match (state.fetch)(state.skip, page_size).await {
                Ok(page) => {
                    let len = i64::try_from(page.len()).unwrap_or(i64::MAX);
                    state.done = len < page_size;
                    state.skip = state.skip.saturating_add(len);
                    state.buffer.extend(page);
                }
                Err(e) => {
                    state.done = true;
                    return Some((Err(e), state));
                }
            }
        }
    })
}

/// The items of a cursor-paged operation: each page's `after` cursor asks
/// for the next, until a page is empty, has no cursor, or repeats one.
/// `fetch(after)` gets one page and the cursor after it.
pub fn cursor<T, F, Fut>(fetch: F) -> impl Stream<Item = Result<T, Error>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, Option<String>), Error>>,
{
    struct State<F, T> {
        fetch: F,
        after: Option<String>,
        buffer: VecDeque<T>,
        done: bool,
    }
    let state = State {
        fetch,
        after: None,
        buffer: VecDeque::new(),
        done: false,
    };
    futures_util::stream::unfold(state, |mut state| async move {
        loop {
            if let Some(item) = state.buffer.pop_front() {
                return Some((Ok(item), state));
            }
            if state.done {
                return None;
            }
            match (state.fetch)(state.after.clone()).await {
                Ok((page, next)) => {
                    state.done = page.is_empty() || next.is_none() || next == state.after;
                    state.after = next;
                    state.buffer.extend(page);
                }
                Err(e) => {
                    state.done = true;
                    return Some((Err(e), state));
                }
            }
        }
    })
}
