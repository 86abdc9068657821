//! Queueing formulas: Little's law and the M/M/c (Erlang C) queue.
//!
//! Erlang C is computed through the Erlang B recurrence
//! `B(0) = 1, B(k) = A·B(k−1) / (k + A·B(k−1))`, then `C = c·B / (c − A·(1 − B))`,
//! which stays exact where factorials overflow (c past about 170).
//! Reference: research/capacity.md; the classic call-centre table is in the tests.

/// Little's law: mean number in the system = arrival rate × mean time in the system.
pub fn littles_law(arrival_rate_per_s: f64, time_in_system_s: f64) -> f64 {
    arrival_rate_per_s * time_in_system_s
}

/// Erlang B blocking probability for offered load `a` (erlangs) on `c` servers.
pub fn erlang_b(a: f64, c: u32) -> f64 {
    let mut b = 1.0;
    for k in 1..=c {
        b = a * b / (k as f64 + a * b);
    }
    b
}

/// Erlang C: probability that an arrival waits, for offered load `a` on `c` servers.
/// Returns 1.0 when the queue is unstable (`a >= c`).
pub fn erlang_c(a: f64, c: u32) -> f64 {
    let cf = c as f64;
    if a <= 0.0 {
        return 0.0;
    }
    if a >= cf {
        return 1.0;
    }
    let b = erlang_b(a, c);
    cf * b / (cf - a * (1.0 - b))
}

/// Mean time waiting in the queue (same unit as `service_time`) for an M/M/c queue
/// with offered load `a` and `c` servers; infinite when unstable.
pub fn mean_wait(a: f64, c: u32, service_time: f64) -> f64 {
    let cf = c as f64;
    if a <= 0.0 {
        return 0.0;
    }
    if a >= cf {
        return f64::INFINITY;
    }
    erlang_c(a, c) * service_time / (cf - a)
}

/// Probability that an arrival waits longer than `t` (same unit as `service_time`).
pub fn p_wait_longer(a: f64, c: u32, service_time: f64, t: f64) -> f64 {
    let cf = c as f64;
    if a >= cf {
        return 1.0;
    }
    erlang_c(a, c) * (-(cf - a) * t / service_time).exp()
}

/// The fewest servers (at least `from`) for which the mean response time
/// (service + wait) stays within `target`; `None` if not reached within `limit`.
pub fn servers_for_response_time(a: f64, service_time: f64, target: f64, from: u32, limit: u32) -> Option<u32> {
    let mut c = from.max(1).max((a.floor() as u32).saturating_add(1));
    while c <= limit {
        // P(wait) ≤ 1, so Wq ≤ S / (c − A): when even that bound meets the target the
        // exact (O(c)) Erlang C is not needed
        let cf = c as f64;
        if cf > a && service_time + service_time / (cf - a) <= target {
            return Some(c);
        }
        if service_time + mean_wait(a, c, service_time) <= target {
            return Some(c);
        }
        c = c.saturating_add(1);
        if c == u32::MAX {
            return None;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference table of research/capacity.md (classic call-centre values).
    #[test]
    fn erlang_c_matches_the_reference_table() {
        let table = [
            (0.5, 1, 0.500000),
            (2.0, 3, 0.444444),
            (10.0, 11, 0.682118),
            (10.0, 12, 0.449388),
            (10.0, 13, 0.285270),
            (10.0, 15, 0.102042),
            (20.0, 25, 0.209103),
            (50.0, 55, 0.384547),
        ];
        for (a, c, expected) in table {
            let got = erlang_c(a, c);
            assert!((got - expected).abs() < 5e-6, "A={a} c={c}: got {got}, expected {expected}");
        }
    }

    #[test]
    fn erlang_c_is_stable_past_factorial_overflow() {
        // 1,000 servers at 95% load: factorials overflow f64 (171! > 1.8e308); the
        // recurrence does not. The value must be a probability strictly inside (0, 1).
        let p = erlang_c(950.0, 1000);
        assert!(p > 0.0 && p < 1.0, "{p}");
    }

    #[test]
    fn single_server_wait_is_the_mm1_formula() {
        // M/M/1 with rho = 0.5, S = 1: Wq = rho / (1 - rho) * S = 1.0
        assert!((mean_wait(0.5, 1, 1.0) - 1.0).abs() < 1e-12);
        // P(wait > t) = rho * e^{-(1 - rho) t / S}: t = 2 → 0.5 * e^{-1}
        assert!((p_wait_longer(0.5, 1, 1.0, 2.0) - 0.5 * (-1.0f64).exp()).abs() < 1e-12);
    }

    #[test]
    fn unstable_queue_waits_forever() {
        assert_eq!(erlang_c(3.0, 3), 1.0);
        assert!(mean_wait(3.0, 2, 1.0).is_infinite());
    }

    #[test]
    fn servers_for_response_time_adds_capacity_until_it_holds() {
        // A = 10 erlangs, S = 1 s, target 1.2 s → Wq must be <= 0.2 s.
        // c = 12: Wq = 0.449388 / 2 = 0.2247 (too slow); c = 13: 0.285270 / 3 = 0.0951 (ok).
        assert_eq!(servers_for_response_time(10.0, 1.0, 1.2, 1, 100), Some(13));
        assert_eq!(littles_law(50.0, 0.2), 10.0);
    }
}
