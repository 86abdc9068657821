//! Typed findings: what a bill, an import or a check found that a reader must know.
//!
//! A finding is a fact with a [`FindingKind`] and a [`Severity`]; its message is
//! produced once, for display, and nothing downstream reads it back. Rankings and
//! summaries decide by kind and severity:
//!
//! - *blocking*: the figure cannot be relied on as it stands (a missing price, a load
//!   above a pinned or plan cap, a service the platform cannot host, a hard plan
//!   limit, something no longer sold). An option with a blocking finding is never
//!   recommended.
//! - *caution*: the figure holds but a reader should know (a plan step ahead, a price
//!   book past its age, an assumption that moves the total).
//! - *info*: context.

use serde::{Deserialize, Serialize};

/// How much a finding matters to a recommendation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The option cannot be recommended while this stands.
    Blocking,
    /// Worth a reader's attention; does not block.
    Caution,
    /// Context.
    Info,
}

impl Severity {
    /// Name as written in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Blocking => "blocking",
            Severity::Caution => "caution",
            Severity::Info => "info",
        }
    }
}

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A price the bill needs is in no book: the total is a lower bound.
    MissingPrice,
    /// No size, plan or node of the platform holds the service.
    NothingFits,
    /// The load is above a pinned count, `max_instances` or a plan's hard cap.
    OverCap,
    /// The platform cannot run this service at all (a GPU where none is sold, a
    /// websocket server on Vercel Functions, …): the option is not available.
    CannotHost,
    /// A hard plan limit the product breaks (Vercel Hobby for a commercial product).
    PlanLimit,
    /// The provider no longer sells what the service needs.
    NoLongerSold,
    /// A pinned size holds less than the service needs at rest.
    Undersized,
    /// The load is beyond what hostcast models.
    BeyondModel,
    /// The next stage needs a larger plan or size.
    PlanStep,
    /// A price book is older than the age limit.
    StaleBook,
    /// A plan reported as no longer orderable, still priced.
    NotOrderable,
    /// A platform default or deviation from the config that moves the total.
    Assumption,
    /// A deployment that runs across several nodes (Compose on Swarm).
    MultiNode,
    /// A price from a third-party copy, not the vendor's own text.
    SecondarySource,
    /// A warning from reading a config file.
    Import,
    /// Context for the reader.
    Note,
    /// The Vercel + Fly hybrid of an app with no front end: nothing goes to Vercel,
    /// so the option is the same as Fly.
    NoFrontEnd,
}

impl FindingKind {
    /// The severity this kind has unless a finding says otherwise.
    pub fn default_severity(self) -> Severity {
        use FindingKind::*;
        match self {
            MissingPrice | NothingFits | OverCap | CannotHost | PlanLimit | NoLongerSold | BeyondModel => Severity::Blocking,
            Undersized | PlanStep | StaleBook | NotOrderable | Assumption | Import => Severity::Caution,
            MultiNode | SecondarySource | Note | NoFrontEnd => Severity::Info,
        }
    }

    /// Name as written in outputs.
    pub fn as_str(self) -> &'static str {
        use FindingKind::*;
        match self {
            MissingPrice => "missing_price",
            NothingFits => "nothing_fits",
            OverCap => "over_cap",
            CannotHost => "cannot_host",
            PlanLimit => "plan_limit",
            NoLongerSold => "no_longer_sold",
            Undersized => "undersized",
            BeyondModel => "beyond_model",
            PlanStep => "plan_step",
            StaleBook => "stale_book",
            NotOrderable => "not_orderable",
            Assumption => "assumption",
            MultiNode => "multi_node",
            SecondarySource => "secondary_source",
            Import => "import",
            Note => "note",
            NoFrontEnd => "no_front_end",
        }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Finding {
    /// What it is about.
    pub kind: FindingKind,
    /// How much it matters.
    pub severity: Severity,
    /// What a reader is told.
    pub message: String,
    /// `file:line:col` when the finding points at a place in an input file.
    #[serde(default)]
    pub location: Option<String>,
    /// The service it concerns, when it concerns one.
    #[serde(default)]
    pub service: Option<String>,
}

impl Finding {
    /// A finding of `kind` at its default severity.
    pub fn new(kind: FindingKind, message: impl Into<String>) -> Self {
        Finding { kind, severity: kind.default_severity(), message: message.into(), location: None, service: None }
    }

    /// The same finding about `service`.
    pub fn for_service(mut self, service: impl Into<String>) -> Self {
        self.service = Some(service.into());
        self
    }

    /// The same finding at `location` (`file:line:col`).
    pub fn at(mut self, location: impl Into<String>) -> Self {
        self.location = Some(location.into());
        self
    }

    /// Whether it keeps an option from being recommended.
    pub fn is_blocking(&self) -> bool {
        self.severity == Severity::Blocking
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_carry_their_severity() {
        assert!(Finding::new(FindingKind::MissingPrice, "x").is_blocking());
        assert!(Finding::new(FindingKind::CannotHost, "x").is_blocking());
        assert!(!Finding::new(FindingKind::PlanStep, "x").is_blocking());
        assert_eq!(Finding::new(FindingKind::Note, "x").severity, Severity::Info);
        let json = serde_json::to_string(&Finding::new(FindingKind::OverCap, "m").for_service("api")).unwrap_or_default();
        assert!(json.contains(r#""kind":"over_cap""#) && json.contains(r#""severity":"blocking""#), "{json}");
    }
}
