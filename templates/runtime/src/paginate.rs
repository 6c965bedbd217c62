//! Streams over paged operations: every item of every page.

use crate::runtime::{Error, ResponseValue};
use futures_core::Stream;
use std::collections::VecDeque;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Every item of every page of a paged operation, fetched page by page as
/// it is read: what a request builder's `stream` method returns. It is a
/// [`Stream`] and [`Unpin`], so `StreamExt::next` (from the `futures` or
/// `futures-util` crate) reads it as it is, without pinning.
///
/// ```no_run
/// # async fn run<T: std::fmt::Debug>(mut members: generated_client::runtime::Pages<'_, T>) -> Result<(), generated_client::Error> {
/// use futures_util::StreamExt; // or `futures::StreamExt`
///
/// // let mut members = client.v2_room_id_membership_list_get(id).stream(100);
/// while let Some(member) = members.next().await {
///     let member = member?;
///     println!("{member:?}");
/// }
/// # Ok(())
/// # }
/// ```
///
/// A `skip`/`limit` stream asks first for `skip` 0 and `limit` the page
/// size, then for the next `skip`, until a page holds fewer items than
/// asked for. A cursor stream asks first without `after`, then with each
/// page's cursor, until a page is empty, has no cursor or repeats one. An
/// error ends the stream after it is read.
pub struct Pages<'a, T> {
    inner: Pin<Box<dyn Stream<Item = Result<T, Error>> + Send + 'a>>,
}

impl<T> Stream for Pages<'_, T> {
    type Item = Result<T, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T> fmt::Debug for Pages<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages").finish_non_exhaustive()
    }
}

/// The items of a `skip`/`limit` operation, page after page, until a page
/// comes back shorter than asked for. `fetch(skip, limit)` sends for one
/// page (an operation's `send`), `items` takes the items out of it.
pub fn skip_limit<'a, T, P, F, Fut>(
    page_size: i64,
    mut fetch: F,
    items: fn(P) -> Vec<T>,
) -> Pages<'a, T>
where
    T: Send + 'a,
    P: 'a,
    F: FnMut(i64, i64) -> Fut + Send + 'a,
    Fut: Future<Output = Result<ResponseValue<P>, Error>> + Send + 'a,
{
    let page_size = page_size.max(1);
    pages(
        0,
        move |skip: &i64| fetch(*skip, page_size),
        move |skip: &i64, page| {
            let page = items(page);
            let len = i64::try_from(page.len()).unwrap_or(i64::MAX);
            let next = (len >= page_size).then(|| skip.saturating_add(len));
            (page, next)
        },
    )
}

/// The items of a cursor-paged operation: each page's `after` cursor asks
/// for the next, until a page is empty, has no cursor, or repeats one.
/// `fetch(after)` sends for one page (an operation's `send`), `items`
/// takes the items out of it and `next` its cursor.
pub fn cursor<'a, T, P, F, Fut>(
    mut fetch: F,
    items: fn(P) -> Vec<T>,
    next: fn(&P) -> Option<String>,
) -> Pages<'a, T>
where
    T: Send + 'a,
    P: 'a,
    F: FnMut(Option<String>) -> Fut + Send + 'a,
    Fut: Future<Output = Result<ResponseValue<P>, Error>> + Send + 'a,
{
    pages(
        None,
        move |after: &Option<String>| fetch(after.clone()),
        move |after: &Option<String>, page| {
            let cursor = next(&page);
            let page = items(page);
            let done = page.is_empty() || cursor.is_none() || cursor == *after;
            (page, (!done).then_some(cursor))
        },
    )
}

/// The one loop of both: from the position `start`, `fetch` sends for a
/// page and `advance` takes out its items and the next position (`None`
/// when it was the last). An error ends the stream after it is read.
fn pages<'a, T, P, K, F, Fut, A>(start: K, fetch: F, advance: A) -> Pages<'a, T>
where
    T: Send + 'a,
    P: 'a,
    K: Send + 'a,
    F: FnMut(&K) -> Fut + Send + 'a,
    Fut: Future<Output = Result<ResponseValue<P>, Error>> + Send + 'a,
    A: Fn(&K, P) -> (Vec<T>, Option<K>) + Copy + Send + 'a,
{
    struct State<F, K, T> {
        fetch: F,
        at: Option<K>,
        buffer: VecDeque<T>,
    }
    let state = State {
        fetch,
        at: Some(start),
        buffer: VecDeque::new(),
    };
    let stream = futures_util::stream::unfold(state, move |mut state| async move {
        loop {
            if let Some(item) = state.buffer.pop_front() {
                return Some((Ok(item), state));
            }
            let at = state.at.take()?;
            match (state.fetch)(&at).await {
                Ok(page) => {
                    let (items, next) = advance(&at, page.into_inner());
                    state.at = next;
                    state.buffer.extend(items);
                }
                Err(e) => return Some((Err(e), state)),
            }
        }
    });
    Pages {
        inner: Box::pin(stream),
    }
}
