//! LLM calls priced from the genai-prices database (Pydantic's genai-prices data,
//! bundled with the crate, with dated price history).
//!
//! Rules (https://github.com/pydantic/genai-prices, crate README):
//! - a call is priced at the rates in effect on the report date, passed as the
//!   crate's timestamp (noon UTC of that day), never the clock;
//! - `input_tokens` is every input token; the cached share is passed as
//!   `cache_read_tokens`, a subset priced at the model's cache-read rate;
//! - batch calls pass the price context `processing = batch`; a model or date
//!   without batch rates gets the standard price (the crate's rule);
//! - a model the data does not know is invalid input, listed with close names;
//! - a model the provider has retired (see `retired`) is a blocking finding naming
//!   its successor.

use std::time::{Duration, UNIX_EPOCH};

use genai_prices::{Calculator, ErrorKind, PriceCalculation, PriceRequest, Usage as Tokens, UsageKey};

use crate::error::Diagnostic;
use crate::error::edit_distance as distance;

/// The crate the prices come from, as named in line items' sources.
pub const CRATE: &str = "genai-prices";
/// Its version, read from `Cargo.lock` when hostcast is built.
pub const VERSION: &str = crate::provenance::GENAI_PRICES_VERSION;
/// Where a reader can open the data.
pub const URL: &str = "https://github.com/pydantic/genai-prices";

/// One call's tokens.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Call {
    /// Input tokens, cached ones included.
    pub input_tokens: f64,
    /// Share of the input read from the cache.
    pub cached_input: f64,
    /// Output tokens.
    pub output_tokens: f64,
    /// Sent through the batch API.
    pub batch: bool,
}

/// Why a call could not be priced.
#[derive(Debug, Clone, PartialEq)]
pub enum Unknown {
    /// The provider id is not in the data; close ids.
    Provider(Vec<String>),
    /// The model is not in the provider's data; close ids.
    Model(Vec<String>),
    /// Anything else the crate refused, with its message.
    Other(String),
}

/// Prices one call of `model` at `provider` on `date` (`YYYY-MM-DD`).
pub fn price(provider: &str, model: &str, call: &Call, date: &str) -> Result<PriceCalculation, Unknown> {
    let mut tokens = Tokens::new();
    tokens.insert(UsageKey::INPUT_TOKENS, call.input_tokens);
    tokens.insert(UsageKey::CACHE_READ_TOKENS, call.input_tokens * call.cached_input);
    tokens.insert(UsageKey::OUTPUT_TOKENS, call.output_tokens);
    let mut request = PriceRequest::new(model, &tokens).with_provider_id(provider).with_timestamp(timestamp(date));
    if call.batch {
        request = request.with_price_context("processing", "batch");
    }
    let calculator = Calculator::bundled();
    calculator.calculate(&request).map_err(|e| match e.kind() {
        ErrorKind::ProviderNotFound => Unknown::Provider(close(provider, calculator.providers().map(|p| p.id().to_string()))),
        ErrorKind::ModelNotFound => {
            let models = calculator.find_provider(Some(provider), None).ok().flatten().map(|p| p.models().map(|m| m.id().to_string()).collect::<Vec<_>>());
            Unknown::Model(close(model, models.unwrap_or_default()))
        }
        _ => Unknown::Other(e.to_string()),
    })
}

/// The diagnostic for a call that could not be priced, at the span of what is wrong.
pub fn diagnostic(unknown: Unknown, at_provider: Diagnostic, at_model: Diagnostic, provider: &str, model: &str) -> Diagnostic {
    let names = |v: &[String]| v.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    match unknown {
        Unknown::Provider(close) => Diagnostic { message: format!("unknown LLM provider `{provider}` in {CRATE} {VERSION}"), ..at_provider }
            .with_help(format!("close names: {}; a priced API names a `product` of `pricing/apis.toml` instead of a `model`", names(&close))),
        Unknown::Model(close) => Diagnostic { message: format!("unknown model `{model}` of `{provider}` in {CRATE} {VERSION}"), ..at_model }
            .with_help(format!("close names: {}", names(&close))),
        Unknown::Other(m) => Diagnostic { message: format!("`{provider}` `{model}` cannot be priced: {m}"), ..at_model },
    }
}

/// Noon UTC of `date`, as the crate's timestamp (the Unix epoch for a bad date,
/// which the commands never pass: they check the report date first).
fn timestamp(date: &str) -> std::time::SystemTime {
    let day = crate::dates::day_number(date).unwrap_or(0).max(0) as u64;
    UNIX_EPOCH + Duration::from_secs(day * 86_400 + 43_200)
}

/// Up to five of `names` closest to `wanted` (edit distance, then name).
fn close(wanted: &str, names: impl IntoIterator<Item = String>) -> Vec<String> {
    let wanted = wanted.to_lowercase();
    let mut scored: Vec<(usize, String)> = names.into_iter().map(|n| (distance(&wanted, &n.to_lowercase()), n)).collect();
    scored.sort();
    scored.into_iter().take(5).map(|(_, n)| n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_and_close_names() {
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("", "abc"), 3);
        let c = close("gpt-4o-mni", ["gpt-4o-mini", "o3", "gpt-4o", "whisper-1"].map(String::from));
        assert_eq!(c[0], "gpt-4o-mini");
    }
}
