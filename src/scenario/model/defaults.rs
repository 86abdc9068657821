//! The defaults the scenario format takes where a file is silent, as the functions
//! serde calls; each is documented on the field that uses it.

pub(super) fn half() -> f64 {
    0.5
}
pub(super) fn yes() -> bool {
    true
}
pub(super) fn average_month_days() -> f64 {
    crate::money::DAYS_PER_MONTH
}
pub(super) fn ten() -> f64 {
    10.0
}
pub(super) fn hundred() -> f64 {
    100.0
}
pub(super) fn twenty() -> f64 {
    20.0
}
pub(super) fn base_mb() -> f64 {
    128.0
}
pub(super) fn one() -> f64 {
    1.0
}
pub(super) fn one_u() -> u32 {
    1
}
pub(super) fn two() -> f64 {
    2.0
}
pub(super) fn twenty_five_u() -> u32 {
    25
}
pub(super) fn idle_default() -> f64 {
    300.0
}
pub(super) fn quarter() -> f64 {
    0.25
}
pub(super) fn headroom_default() -> f64 {
    0.2
}
