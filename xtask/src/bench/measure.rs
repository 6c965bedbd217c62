//! How the benchmark measures: a command's wall and CPU time (its own and
//! its children's), the median of several runs, and the machine's load
//! beside each figure.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// One run of a command: wall time, CPU time (user + system, the command
/// and every process it waited for), and the load when it started.
#[derive(Clone, Debug)]
pub(super) struct Run {
    pub wall: Duration,
    pub cpu: Duration,
    pub load: String,
}

/// Runs `command` quietly and times it; its stderr is the error when it
/// fails.
pub(super) fn timed(command: &mut Command) -> Result<Run, String> {
    let load = load();
    let cpu_before = children_cpu();
    let started = Instant::now();
    crate::process::run_quiet(command)?;
    let wall = started.elapsed();
    let cpu = children_cpu().saturating_sub(cpu_before);
    Ok(Run { wall, cpu, load })
}

/// `timed` `runs` times (at least once), after `before` each time; the
/// median run by wall time, and every wall time for the table.
pub(super) fn median_of(
    runs: usize,
    mut before: impl FnMut() -> Result<(), String>,
    mut command: impl FnMut() -> Command,
) -> Result<(Run, String), String> {
    let mut all = Vec::new();
    for _ in 0..runs.max(1) {
        before()?;
        all.push(timed(&mut command())?);
    }
    Ok(median(all))
}

/// What `interleaved` measured of two commands.
pub(super) struct Turns {
    /// The first command's median run, and every wall time in the order run.
    pub first: (Run, String),
    /// The second's.
    pub second: (Run, String),
    /// The median of the differences, first minus second, of the runs
    /// taken together.
    pub gap: Duration,
}

/// Two commands `timed` in turn, `runs` times each (at least once), so a
/// change in the machine's speed weighs on both alike.
pub(super) fn interleaved(
    runs: usize,
    mut first: impl FnMut() -> Command,
    mut second: impl FnMut() -> Command,
) -> Result<Turns, String> {
    let (mut a, mut b, mut apart) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs.max(1) {
        let one = timed(&mut first())?;
        let other = timed(&mut second())?;
        apart.push(one.wall.saturating_sub(other.wall));
        a.push(one);
        b.push(other);
    }
    apart.sort();
    Ok(Turns {
        first: median(a),
        second: median(b),
        gap: apart[apart.len() / 2],
    })
}

/// The median run by wall time, and every wall time in the order run.
fn median(mut all: Vec<Run>) -> (Run, String) {
    let listed = all
        .iter()
        .map(|r| format!("{:.2}", r.wall.as_secs_f64()))
        .collect::<Vec<_>>()
        .join(", ");
    all.sort_by_key(|r| r.wall);
    (all[all.len() / 2].clone(), listed)
}

/// The CPU time of every child this process has waited for, from
/// `/proc/self/stat` (`cutime` + `cstime`, in the kernel's 100 ticks a
/// second); zero where `/proc` is missing.
fn children_cpu() -> Duration {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return Duration::ZERO;
    };
    // The fields after the command name, which is in parentheses: the
    // 16th and 17th of the line are the 14th and 15th after it.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let ticks: u64 = after
        .split_whitespace()
        .skip(13)
        .take(2)
        .filter_map(|f| f.parse::<u64>().ok())
        .sum();
    Duration::from_millis(ticks * 10)
}

/// The machine's 1-minute load average and core count, as `/proc` says.
pub(super) fn load() -> String {
    let average = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    format!("{average} on {cores} cores")
}

/// Rewrites a file with its own bytes: a new modification time, so cargo
/// rebuilds the crate it belongs to.
pub(super) fn touch(path: &Path) -> Result<(), String> {
    let text = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Seconds with two decimals.
pub(super) fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_childs_cpu_time_is_counted() {
        if !Path::new("/proc/self/stat").exists() {
            return;
        }
        // A shell that spins for a while: its CPU time reaches the parent
        // once it has been waited for.
        let run = timed(
            Command::new("sh").args(["-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done"]),
        )
        .unwrap();
        // The loop takes about 0.3 s of CPU here: a count that missed the
        // child, or read clock ticks as milliseconds, falls below 50 ms. No
        // upper bound: a test running beside this one may wait for children
        // of its own, whose time the process's count takes in too.
        assert!(run.cpu >= Duration::from_millis(50), "{run:?}");
    }

    #[test]
    fn two_commands_take_turns_and_each_gets_its_own_median() {
        let dir = std::env::temp_dir().join(format!("xtask-turns-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let log = dir.join("order");
        let _ = std::fs::remove_file(&log);
        let append = |mark: &'static str| {
            let log = log.clone();
            move || {
                let mut command = Command::new("sh");
                command
                    .args(["-c", &format!("printf {mark} >> \"$0\"")])
                    .arg(&log);
                command
            }
        };
        let turns = interleaved(3, append("a"), append("b")).unwrap();
        assert_eq!(std::fs::read_to_string(&log).unwrap(), "ababab");
        assert_eq!(turns.first.1.split(", ").count(), 3);
        assert_eq!(turns.second.1.split(", ").count(), 3);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
