//! The state-file parser: any text, never a panic; what parses fully
//! renders and parses back to the same values.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ra6c::state::{self, Persisted};

fuzz_target!(|data: &[u8]| {
    // load_or_create reads the file with from_utf8_lossy: do the same.
    let text = String::from_utf8_lossy(data);
    let p = state::parse(&text);
    assert!(p.bad_lines <= text.lines().count());
    if let Some(d) = &p.duid {
        assert!((3..=130).contains(&d.len()), "DUID of {} octets", d.len());
    }
    if p.is_complete() {
        let own = Persisted {
            duid: p.duid.clone().unwrap(),
            iaid_na: p.iaid_na.unwrap(),
            iaid_pd: p.iaid_pd.unwrap(),
        };
        let text2 = state::render(&own);
        let q = state::parse(&text2);
        assert_eq!(q.bad_lines, 0, "render gave bad lines: {text2:?}");
        assert_eq!(q.duid, p.duid);
        assert_eq!(q.iaid_na, p.iaid_na);
        assert_eq!(q.iaid_pd, p.iaid_pd);
        // A rendered file is stable: rendering again changes nothing, so
        // load_or_create does not rewrite it at every start (flash wear).
        assert_eq!(state::render(&own), text2);
    }
});
