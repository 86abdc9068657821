//! Bounded numbers for scenario fields.
//!
//! Each field of a scenario that is a quantity goes through one of these
//! deserialisers, so a negative, NaN or absurd value is rejected by the TOML reader
//! itself and the error carries the value's line and column.

use serde::{Deserialize, Deserializer, de::Error};

fn bounded<'de, D: Deserializer<'de>>(d: D, min: f64, max: f64, what: &str) -> Result<f64, D::Error> {
    let v = f64::deserialize(d)?;
    if !v.is_finite() {
        return Err(D::Error::custom(format!("{what} must be a finite number, not {v}")));
    }
    if v < min || v > max {
        return Err(D::Error::custom(format!("{what} must be between {min} and {max}, got {v}")));
    }
    Ok(v)
}

macro_rules! bounded_fields {
    ($($name:ident, $opt:ident: $min:expr, $max:expr, $what:expr;)*) => {
    /// The JSON Schema of each bounded field: the same range and the same words as
    /// the deserialiser that reads it (`schema_with` on the scenario's fields).
    pub mod schema {
        use schemars::r#gen::SchemaGenerator;
        use schemars::schema::Schema;
        $(
        #[doc = concat!("Schema of a ", $what, ".")]
        pub fn $name(_: &mut SchemaGenerator) -> Schema {
            super::number_schema(false, false, $min, $max, $what)
        }
        #[doc = concat!("Schema of an optional ", $what, " (absent, or null in JSON output: none).")]
        pub fn $opt(_: &mut SchemaGenerator) -> Schema {
            super::number_schema(false, true, $min, $max, $what)
        }
        )*
        /// Schema of a whole count between 0 and 100,000.
        pub fn count(_: &mut SchemaGenerator) -> Schema {
            super::number_schema(true, false, 0.0, 100_000.0, "whole count")
        }
        /// Schema of an optional whole count (absent, or null in JSON output: none).
        pub fn count_opt(_: &mut SchemaGenerator) -> Schema {
            super::number_schema(true, true, 0.0, 100_000.0, "whole count")
        }
        /// Schema of a whole count between 1 and 100,000.
        pub fn positive_count(_: &mut SchemaGenerator) -> Schema {
            super::number_schema(true, false, 1.0, 100_000.0, "whole count of at least 1")
        }
        /// Schema of an optional whole count of at least 1 (absent, or null in JSON output: none).
        pub fn positive_count_opt(_: &mut SchemaGenerator) -> Schema {
            super::number_schema(true, true, 1.0, 100_000.0, "whole count of at least 1")
        }
        /// Schema of a GPU count per instance.
        pub fn gpu_count(_: &mut SchemaGenerator) -> Schema {
            super::number_schema(true, false, 1.0, 16.0, "GPU count per instance")
        }
    }
    $(
        #[doc = concat!("A ", $what, " between ", stringify!($min), " and ", stringify!($max), ".")]
        pub fn $name<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
            bounded(d, $min, $max, $what)
        }
        #[doc = concat!("An optional ", $what, ".")]
        pub fn $opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
            bounded(d, $min, $max, $what).map(Some)
        }
    )*};
}

/// A number (or whole number) schema between `min` and `max`, described as `what`;
/// `nullable`: JSON `null` too (an optional field as an output writes it).
fn number_schema(integer: bool, nullable: bool, min: f64, max: f64, what: &str) -> schemars::schema::Schema {
    use schemars::schema::{InstanceType, Metadata, NumberValidation, SchemaObject, SingleOrVec};
    let kind = if integer { InstanceType::Integer } else { InstanceType::Number };
    SchemaObject {
        instance_type: Some(if nullable { SingleOrVec::Vec(vec![kind, InstanceType::Null]) } else { kind.into() }),
        number: Some(Box::new(NumberValidation { minimum: Some(min), maximum: Some(max), ..Default::default() })),
        metadata: Some(Box::new(Metadata { description: Some(format!("A {what} between {min} and {max}.")), ..Default::default() })),
        ..Default::default()
    }
    .into()
}

bounded_fields! {
    users, users_opt: 0.0, 1.0e10, "user count";
    fraction, fraction_opt: 0.0, 1.0, "fraction";
    utilisation, utilisation_opt: 0.01, 1.0, "utilisation (a fraction above 0 and at most 1)";
    peak_ratio, peak_ratio_opt: 1.0, 100.0, "peak-to-average ratio";
    per_day, per_day_opt: 0.0, 1.0e7, "count per day";
    millis, millis_opt: 0.0, 3.6e6, "duration in milliseconds";
    minutes, minutes_opt: 0.0, 1440.0, "duration in minutes";
    kilobytes, kilobytes_opt: 0.0, 1.0e7, "size in KB";
    megabytes, megabytes_opt: 0.0, 1.0e8, "size in MB";
    gigabytes, gigabytes_opt: 0.0, 1.0e7, "size in GB";
    money, money_opt: 0.0, 1.0e9, "amount of money";
    month_days, month_days_opt: 28.0, 31.0, "number of days in a month";
    hours, hours_opt: 0.0, 744.0, "hours per month";
    seconds, seconds_opt: 0.0, 86400.0, "duration in seconds";
    cores, cores_opt: 0.0, 1024.0, "number of CPU cores";
    spread, spread_opt: 0.01, 100.0, "multiplier on planned users";
    tokens, tokens_opt: 0.0, 1.0e8, "token count";
    calls, calls_opt: 0.0, 1.0e10, "number of calls";
    instance_memory, instance_memory_opt: 1.0, 4.0e6, "memory of one instance in MB";
    instance_cpus, instance_cpus_opt: 0.01, 1024.0, "vCPUs of one instance";
}

/// A whole count between 0 and 100,000 (instances, connections, seats).
pub fn count<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let v = i64::deserialize(d)?;
    if !(0..=100_000).contains(&v) {
        return Err(D::Error::custom(format!("count must be a whole number between 0 and 100000, got {v}")));
    }
    Ok(v as u32)
}

/// An optional whole count.
pub fn count_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    count(d).map(Some)
}

/// A whole count between 1 and 100,000: a concurrency limit or a most-instances cap,
/// where 0 would mean a service that can take no request or never runs.
pub fn positive_count<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let v = i64::deserialize(d)?;
    if !(1..=100_000).contains(&v) {
        return Err(D::Error::custom(format!("count must be a whole number between 1 and 100000, got {v}")));
    }
    Ok(v as u32)
}

/// An optional whole count of at least 1.
pub fn positive_count_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    positive_count(d).map(Some)
}

/// A GPU count per instance: a whole number from 1 to 16.
pub fn gpu_count<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let v = i64::deserialize(d)?;
    if !(1..=16).contains(&v) {
        return Err(D::Error::custom(format!("GPU count must be a whole number between 1 and 16, got {v}")));
    }
    Ok(v as u32)
}
