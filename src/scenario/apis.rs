//! Metered third-party services in a scenario: the LLM, image, error-tracking,
//! messaging and email calls a product makes per unit of activity.
//!
//! An entry is written `[[api]]` for the product as a whole, or `[[service.api]]`
//! under the service whose work makes the calls:
//!
//! ```toml
//! [[service.api]]
//! name = "listing text"
//! provider = "google"            # API provider id
//! model = "gemini-2.5-flash"     # an LLM, priced from genai-prices
//! per = "request"                # request | job | active_user_day | month
//! calls = 0.05                   # calls per unit
//! input_tokens = 1500
//! output_tokens = 400
//! cached_input = 0.2             # share of the input read from the prompt cache
//! latency_ms = 6000              # a request waits this long for each call
//! stage.Growth = { calls = 0.08 }
//! ```
//!
//! A priced API names `product` (an entry of `pricing/apis.toml`, e.g.
//! `remove_background` of `photoroom`) instead of `model`, and may pin a `plan`.
//! Every number may be given per stage in `stage.NAME = { … }`; a stage without one
//! takes the entry's own values. Keys are read strictly like the rest of the format.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::model::{Kind, Service};
use super::num;

/// What an entry's calls are counted per.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Per {
    /// Per request the service answers (web, api, static, proxy).
    #[default]
    Request,
    /// Per job or message the service handles (worker, bot; a cron service's runs).
    Job,
    /// Per daily active user per day.
    ActiveUserDay,
    /// A fixed number per month.
    Month,
}

impl Per {
    /// Name as written in scenario files.
    pub fn as_str(self) -> &'static str {
        match self {
            Per::Request => "request",
            Per::Job => "job",
            Per::ActiveUserDay => "active_user_day",
            Per::Month => "month",
        }
    }
}

/// One kind of third-party call the product makes.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiCall {
    /// Name shown in reports, e.g. "listing text".
    pub name: String,
    /// API provider id: an LLM provider of genai-prices (`openai`, `groq`, `google`,
    /// …) with `model`, or a provider of `pricing/apis.toml` (`photoroom`, `sentry`,
    /// `telegram`, …) with `product`.
    #[schemars(with = "String")]
    pub provider: Spanned<String>,
    /// LLM model, as the provider names it (`gpt-4o-mini`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub model: Option<Spanned<String>>,
    /// Product of a priced API (`remove_background`): `rates` or `plans` of the `apis`
    /// book keyed `PROVIDER.PRODUCT`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub product: Option<Spanned<String>>,
    /// Plan of the product to buy (`sentry_team`). Default: the cheapest that covers the usage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub plan: Option<Spanned<String>>,
    /// What `calls` is counted per. Default: the service's unit of work (see [`ApiCall::per`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Per>")]
    pub per: Option<Spanned<Per>>,
    /// Calls (images, events, messages) per unit of `per`. Default 1.
    #[serde(default = "one", deserialize_with = "num::calls")]
    #[schemars(schema_with = "num::schema::calls")]
    pub calls: f64,
    /// Input tokens per call (LLMs), cached ones included.
    #[serde(default, deserialize_with = "num::tokens")]
    #[schemars(schema_with = "num::schema::tokens")]
    pub input_tokens: f64,
    /// Output tokens per call (LLMs), reasoning tokens included.
    #[serde(default, deserialize_with = "num::tokens")]
    #[schemars(schema_with = "num::schema::tokens")]
    pub output_tokens: f64,
    /// Share of the input tokens read from the provider's prompt cache (0 to 1).
    #[serde(default, deserialize_with = "num::fraction")]
    #[schemars(schema_with = "num::schema::fraction")]
    pub cached_input: f64,
    /// Sent through the provider's batch API (priced at its batch rates; no one waits).
    #[serde(default)]
    pub batch: bool,
    /// Mean time one call takes, ms. A request or job making the call waits that long,
    /// holding its connection and memory (see `wait_ms`). Default 0.
    #[serde(default, deserialize_with = "num::millis")]
    #[schemars(schema_with = "num::schema::millis")]
    pub latency_ms: f64,
    /// Values that differ by stage, by stage name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(with = "BTreeMap<String, StageValues>")]
    pub stage: BTreeMap<String, Spanned<StageValues>>,
    /// Remarks: where the numbers come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// An entry's numbers at one stage; each absent one is the entry's own.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StageValues {
    /// Calls per unit.
    #[serde(default, deserialize_with = "num::calls_opt")]
    #[schemars(schema_with = "num::schema::calls_opt")]
    pub calls: Option<f64>,
    /// Input tokens per call.
    #[serde(default, deserialize_with = "num::tokens_opt")]
    #[schemars(schema_with = "num::schema::tokens_opt")]
    pub input_tokens: Option<f64>,
    /// Output tokens per call.
    #[serde(default, deserialize_with = "num::tokens_opt")]
    #[schemars(schema_with = "num::schema::tokens_opt")]
    pub output_tokens: Option<f64>,
    /// Cached share of the input.
    #[serde(default, deserialize_with = "num::fraction_opt")]
    #[schemars(schema_with = "num::schema::fraction_opt")]
    pub cached_input: Option<f64>,
    /// Mean time per call, ms.
    #[serde(default, deserialize_with = "num::millis_opt")]
    #[schemars(schema_with = "num::schema::millis_opt")]
    pub latency_ms: Option<f64>,
}

/// An entry's numbers at one stage, resolved.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Usage {
    /// Calls per unit.
    pub calls: f64,
    /// Input tokens per call.
    pub input_tokens: f64,
    /// Output tokens per call.
    pub output_tokens: f64,
    /// Cached share of the input.
    pub cached_input: f64,
    /// Mean time per call, ms.
    pub latency_ms: f64,
}

impl ApiCall {
    /// What `calls` is counted per: as written, else the unit of work of the service
    /// it is under (`request` for web, api, static and proxy services, `job` for
    /// workers, bots and cron) and `active_user_day` for the product as a whole or a
    /// data service.
    pub fn per(&self, service: Option<&Service>) -> Per {
        match (&self.per, service.map(|s| s.kind)) {
            (Some(p), _) => *p.get_ref(),
            (None, Some(k)) if k.serves_requests() => Per::Request,
            (None, Some(Kind::Worker | Kind::Bot | Kind::Cron)) => Per::Job,
            (None, _) => Per::ActiveUserDay,
        }
    }

    /// The entry's numbers at stage `stage`.
    pub fn at(&self, stage: &str) -> Usage {
        let o = self.stage.get(stage).map(|s| s.get_ref().clone()).unwrap_or_default();
        Usage {
            calls: o.calls.unwrap_or(self.calls),
            input_tokens: o.input_tokens.unwrap_or(self.input_tokens),
            output_tokens: o.output_tokens.unwrap_or(self.output_tokens),
            cached_input: o.cached_input.unwrap_or(self.cached_input),
            latency_ms: o.latency_ms.unwrap_or(self.latency_ms),
        }
    }

    /// Checks what the reader cannot: one of `model` and `product`, tokens only on
    /// LLM calls, a unit the service has, stage names that exist. Returns the span to
    /// point at and the message with its fix.
    pub fn problem(&self, service: Option<&Service>, stages: &[String]) -> Option<(std::ops::Range<usize>, String, String)> {
        let at = self.provider.span();
        match (&self.model, &self.product) {
            (Some(_), Some(p)) => {
                return Some((
                    p.span(),
                    format!("API `{}` has both `model` and `product`", self.name),
                    "an LLM call names a `model`, a priced API a `product`: keep one".into(),
                ));
            }
            (None, None) => {
                return Some((
                    at,
                    format!("API `{}` has neither `model` nor `product`", self.name),
                    "add e.g. `model = \"gpt-4o-mini\"` or `product = \"remove_background\"`".into(),
                ));
            }
            (None, Some(p)) if self.input_tokens > 0.0 || self.output_tokens > 0.0 || self.batch => {
                return Some((p.span(), format!("API `{}`: tokens and `batch` apply to LLM calls only", self.name), "remove them, or name a `model`".into()));
            }
            _ => {}
        }
        if let (Some(m), Some(p)) = (&self.model, &self.plan) {
            return Some((p.span(), format!("API `{}`: `plan` applies to priced APIs, not to the LLM `{}`", self.name, m.get_ref()), "remove `plan`".into()));
        }
        {
            let span = self.per.as_ref().map(|p| p.span()).unwrap_or_else(|| self.provider.span());
            let per = self.per(service);
            let ok = match (per, service.map(|s| s.kind)) {
                (Per::Request, Some(k)) => k.serves_requests(),
                (Per::Job, Some(k)) => matches!(k, Kind::Worker | Kind::Bot | Kind::Cron),
                (Per::Request | Per::Job, None) => false,
                _ => true,
            };
            if !ok {
                let whose = service.map(|s| format!("service `{}` ({})", s.name, s.kind.as_str())).unwrap_or_else(|| "the product as a whole".into());
                return Some((
                    span,
                    format!("API `{}`: `per = \"{}\"` does not apply to {whose}", self.name, per.as_str()),
                    "use `request` under a web or api service, `job` under a worker, bot or cron service, else `active_user_day` or `month`".into(),
                ));
            }
        }
        for (name, values) in &self.stage {
            if !stages.contains(name) {
                return Some((
                    values.span(),
                    format!("API `{}` sets stage `{name}`, which the scenario does not define", self.name),
                    format!("stages: {}", crate::error::one_of(stages)),
                ));
            }
        }
        None
    }
}

/// The time a unit of `service`'s work (a request, a job) waits on third-party
/// calls at stage `stage`, ms: Σ calls per unit × latency per call over its entries
/// counted per request or per job. Batch calls are not waited on. This is the one
/// place the wait enters capacity: it is added to the service's own `latency_ms`.
/// The API calls a unit of `service`'s work waits for: not batched, counted per
/// request or job.
pub fn waited(service: &Service) -> Vec<ApiCall> {
    service.apis.iter().filter(|a| !a.batch && matches!(a.per(Some(service)), Per::Request | Per::Job)).cloned().collect()
}

/// Milliseconds the calls `waits` add to a unit of work at `stage`.
pub fn waits_ms(waits: &[ApiCall], stage: &str) -> f64 {
    waits
        .iter()
        .map(|a| {
            let u = a.at(stage);
            u.calls * u.latency_ms
        })
        .sum()
}

/// Milliseconds a unit of `service`'s work waits on its calls at `stage`.
pub fn wait_ms(service: &Service, stage: &str) -> f64 {
    service
        .apis
        .iter()
        .filter(|a| !a.batch && matches!(a.per(Some(service)), Per::Request | Per::Job))
        .map(|a| {
            let u = a.at(stage);
            u.calls * u.latency_ms
        })
        .sum()
}

/// An option's change to one API entry (`api."ENTRY" = { model = "…" }` in an
/// `[[option]]`): another provider, model, product or plan on that option only.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ApiPin {
    /// Another API provider id.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub provider: Option<Spanned<String>>,
    /// Another LLM model.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub model: Option<Spanned<String>>,
    /// Another priced product.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub product: Option<Spanned<String>>,
    /// Another plan.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub plan: Option<Spanned<String>>,
}

impl ApiCall {
    /// The entry as an option pins it: each field the pin sets replaces the entry's.
    pub fn pinned(&self, pin: Option<&ApiPin>) -> ApiCall {
        let mut call = self.clone();
        if let Some(p) = pin {
            if let Some(v) = &p.provider {
                call.provider = v.clone();
            }
            if p.model.is_some() {
                call.model = p.model.clone();
                call.product = None;
            }
            if p.product.is_some() {
                call.product = p.product.clone();
                call.model = None;
            }
            if p.plan.is_some() {
                call.plan = p.plan.clone();
            }
        }
        call
    }
}

fn one() -> f64 {
    1.0
}
