//! Minimal state script for timing: appends "<CLOCK_REALTIME ns> <ifname> <state>"
//! to $STAMP_FILE (one write) and exits. A shell script would add a fork of
//! date(1) and a shell start-up to every measured `bound`.
use std::io::Write;
use std::time::{SystemTime, UNIX_EPOCH};

fn main() {
    let t = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = std::env::var("STAMP_FILE").unwrap_or_else(|_| "/tmp/ra6c-bench-stamp".into());
    let line = format!("{}.{:09} {}\n", t.as_secs(), t.subsec_nanos(), args.join(" "));
    if let Ok(mut f) = std::fs::OpenOptions::new().create(true).append(true).open(path) {
        let _ = f.write_all(line.as_bytes());
    }
}
