//! Request latency: each route's log-normal around its median, the mixture of the routes weighted by their
//! traffic, its quantiles, and Prometheus' `histogram_quantile` over the histogram's buckets.

use super::routes::ROUTES;
use crate::scenario::Scenario;

/// Upper bounds of the request-duration histogram, seconds: `prom-client`'s defaults plus 0.75, so the p95
/// is resolved on both sides of the 0.5 s warning and the 1 s critical step.
pub const LATENCY_BUCKETS: [f64; 12] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 10.0];

/// Spread of each route's latency (σ of its log-normal).
pub const SIGMA: f64 = 0.7;

/// The latency mixture of a scenario: (weight, median) of each route, at load factor `load`.
pub fn components(scenario: Scenario, load: f64) -> Vec<(f64, f64)> {
    ROUTES
        .iter()
        .map(|r| (r.rate(scenario), r.median_seconds * load))
        .collect()
}

/// `erfc`, Numerical Recipes' Chebyshev fit (relative error below 1.2e-7).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98 + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * poly.exp();
    if x >= 0.0 {
        r
    } else {
        2.0 - r
    }
}

/// Share of a latency mixture at or below `x` seconds.
pub fn mixture_cdf(x: f64, components: &[(f64, f64)]) -> f64 {
    let total: f64 = components.iter().map(|(w, _)| w).sum();
    if total <= 0.0 || x <= 0.0 {
        return 0.0;
    }
    let cdf = |median: f64| 0.5 * erfc(-(x / median).ln() / (SIGMA * std::f64::consts::SQRT_2));
    components.iter().map(|(w, m)| w * cdf(*m)).sum::<f64>() / total
}

/// The `q` quantile of a latency mixture, seconds (bisection on the logarithm).
pub fn mixture_quantile(q: f64, components: &[(f64, f64)]) -> f64 {
    let (mut lo, mut hi) = (1e-7f64.ln(), 1e4f64.ln());
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mixture_cdf(mid.exp(), components) < q {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    (0.5 * (lo + hi)).exp()
}

/// Prometheus' `histogram_quantile` on one histogram: `bounds` are the finite upper bounds in order,
/// `cumulative` the matching cumulative counts followed by the `+Inf` count. NaN without observations.
pub fn histogram_quantile(q: f64, bounds: &[f64], cumulative: &[f64]) -> f64 {
    let Some(&total) = cumulative.last() else {
        return f64::NAN;
    };
    if total <= 0.0 || cumulative.len() != bounds.len() + 1 {
        return f64::NAN;
    }
    let rank = q * total;
    let b = cumulative[..bounds.len()]
        .iter()
        .position(|&c| c >= rank)
        .unwrap_or(bounds.len());
    if b == bounds.len() {
        return bounds.last().copied().unwrap_or(f64::NAN);
    }
    let (start, below) = if b == 0 {
        (0.0, 0.0)
    } else {
        (bounds[b - 1], cumulative[b - 1])
    };
    let in_bucket = cumulative[b] - below;
    start + (bounds[b] - start) * (rank - below) / in_bucket
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latency_objectives_bound_is_one_of_the_buckets() {
        // The objective counts requests outside the bucket of its bound: without that bucket it has no data.
        let policy = tumulte_policy::Policy::default();
        for objective in &policy.slo.objectives {
            if let tumulte_policy::slo::BadRequest::SlowerThan(seconds) = objective.bad {
                assert!(LATENCY_BUCKETS.contains(&seconds), "{seconds} s is not a bucket");
            }
        }
    }

    #[test]
    fn erfc_matches_known_values() {
        for (x, want) in [
            (0.0, 1.0),
            (0.5, 0.479_500_122),
            (1.0, 0.157_299_207),
            (-1.0, 1.842_700_793),
        ] {
            assert!((erfc(x) - want).abs() < 1e-6, "erfc({x}) = {}", erfc(x));
        }
    }

    #[test]
    fn histogram_quantile_interpolates_like_prometheus() {
        let bounds = [0.5, 1.0];
        // 100 observations: 50 ≤ 0.5, 40 in (0.5, 1], 10 above.
        assert!((histogram_quantile(0.5, &bounds, &[50.0, 90.0, 100.0]) - 0.5).abs() < 1e-12);
        assert!((histogram_quantile(0.7, &bounds, &[50.0, 90.0, 100.0]) - 0.75).abs() < 1e-12);
        assert_eq!(histogram_quantile(0.95, &bounds, &[50.0, 90.0, 100.0]), 1.0);
        assert!(histogram_quantile(0.95, &bounds, &[0.0, 0.0, 0.0]).is_nan());
    }
}
