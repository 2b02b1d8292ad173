//! ra6c's own start-up (`main` is the C entry point, std's runtime start-up
//! is not run): what that runtime did and ra6c relies on still holds.

use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Command, Stdio};

/// The ra6c binary, through `RA6C_TEST_RUNNER` when set: cross/test-qemu.sh
/// sets it to the qemu-user it runs the test binaries with, so a cross-built
/// ra6c runs there too (no binfmt_misc needed), under the same emulator.
fn ra6c() -> Command {
    let bin = env!("CARGO_BIN_EXE_ra6c");
    match std::env::var_os("RA6C_TEST_RUNNER").filter(|r| !r.is_empty()) {
        Some(runner) => {
            let mut c = Command::new(runner);
            c.arg(bin);
            c
        }
        None => Command::new(bin),
    }
}

#[test]
fn arguments_reach_the_parser() {
    let out = ra6c().arg("--version").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("ra6c "));
    // A bad value is named, with the value given.
    let out = ra6c().args(["-l", "9", "eth0"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("ra6c: -l: expected a log level 0-7, got \"9\""),
        "{err}"
    );
    // Not UTF-8: still an argument, refused by name.
    use std::os::unix::ffi::OsStrExt;
    let bad = std::ffi::OsStr::from_bytes(b"eth\xff");
    let out = ra6c().arg(bad).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// Closed standard descriptors are reopened on /dev/null (std's runtime
/// did the same), so no socket opened later takes descriptor 2 and gets
/// the log lines: started with 0, 1 and 2 closed, ra6c waiting for an
/// interface holds its rtnetlink socket above them.
#[test]
fn closed_standard_streams_are_reopened() {
    let mut cmd = ra6c();
    cmd.args(["--state-dir", "/nonexistent", "ra6cnoif0"]);
    // SAFETY: close(2) only, between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            for fd in 0..3 {
                nix::libc::close(fd);
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().unwrap();
    let fd = |n: u32| std::fs::read_link(format!("/proc/{}/fd/{n}", child.id()));
    // Until the socket is open (it's above 2 or it took one of them).
    let mut waited = 0;
    while fd(3).is_err() && !fd(0).is_ok_and(|p| p.starts_with("socket:")) && waited < 200 {
        std::thread::sleep(std::time::Duration::from_millis(10));
        waited += 1;
    }
    let links: Vec<_> = (0..3)
        .map(|n| fd(n).map(|p| p.display().to_string()))
        .collect();
    let _ = child.kill();
    let _ = child.wait();
    for l in links {
        assert_eq!(l.unwrap(), "/dev/null");
    }
}

/// SIGPIPE is ignored: writing to a pipe nobody reads is an error the
/// program sees, not death by signal.
#[test]
fn sigpipe_is_ignored() {
    let (r, w) = nix::unistd::pipe().unwrap();
    drop(r);
    let mut child = ra6c()
        .arg("--help")
        .stdout(Stdio::from(w))
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let status = child.wait().unwrap();
    assert_ne!(status.signal(), Some(nix::libc::SIGPIPE), "{status}");
}

/// stdin is /dev/null whatever it was: ra6c never reads it, and the state
/// script inherits it (as std's Command gave the script /dev/null).
#[test]
fn stdin_is_dev_null() {
    let mut child = ra6c()
        .args(["--state-dir", "/nonexistent", "ra6cnoif1"])
        .stdin(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let fd0 = || std::fs::read_link(format!("/proc/{}/fd/0", child.id()));
    let mut waited = 0;
    while !fd0().is_ok_and(|p| p.as_os_str() == "/dev/null") && waited < 200 {
        std::thread::sleep(std::time::Duration::from_millis(10));
        waited += 1;
    }
    let link = fd0();
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(link.unwrap().as_os_str(), "/dev/null");
}
