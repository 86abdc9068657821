//! The summaries: polars queries over [`Frames`] that return plain structs.
//!
//! Every query sorts the way the scenario file reads (stage, then option) unless it
//! ranks by cost, so the same results always give the same order.

use polars::prelude::*;

use super::frames::Frames;

/// One option at one stage: the sum of its line items.
#[derive(Debug, Clone, PartialEq)]
pub struct Total {
    /// Option name.
    pub option: String,
    /// Option platform.
    pub platform: String,
    /// Stage name.
    pub stage: String,
    /// Users at the stage.
    pub users: f64,
    /// Month at which the scenario expects the stage.
    pub month: Option<u32>,
    /// Hosting, USD a month.
    pub hosting_usd: f64,
    /// Third-party metered services, USD a month.
    pub apis_usd: f64,
    /// The team's time, USD a month.
    pub team_time_usd: f64,
    /// The team's hours a month.
    pub team_hours: f64,
    /// The cash bill (hosting + APIs), USD a month.
    pub monthly_cost_usd: f64,
    /// The cash bill plus the team's time, USD a month.
    pub with_team_time_usd: f64,
    /// The total the scenario ranks by (`with_team_time_usd` or `monthly_cost_usd`).
    pub rank_usd: f64,
    /// Whether the ranking total includes the team's time.
    pub ranked_with_team_time: bool,
    /// The ranking total per 1,000 users, USD.
    pub per_1k_users_usd: f64,
    /// Findings the simulation raised for this option at this stage.
    pub warnings: u32,
    /// Blocking findings among them.
    pub blocking: u32,
    /// Prices needed and not found (their cost is not in the total).
    pub missing_prices: u32,
    /// A reference deployment (kept for comparison, never recommended).
    pub reference: bool,
    /// Every price was found (false: the totals are lower bounds).
    pub complete: bool,
    /// The platform can host every service.
    pub available: bool,
    /// The recommended option of its stage.
    pub recommended: bool,
    /// A Vercel + Fly option of an app with no front end: the same as Fly.
    pub no_front_end: bool,
}

impl Total {
    /// True when the option could be recommended: available, complete, nothing
    /// blocking, not a reference deployment.
    pub fn viable(&self) -> bool {
        self.blocking == 0 && self.complete && self.available && !self.reference
    }
}

/// One stage: its options ranked and the recommendation.
#[derive(Debug, Clone, PartialEq)]
pub struct StageSummary {
    /// Stage name.
    pub stage: String,
    /// Users at the stage.
    pub users: f64,
    /// Every option, cheapest first by the ranking total (ties: scenario order).
    pub ranking: Vec<Total>,
    /// The recommended option: the cheapest viable one (none when no option is viable).
    pub recommended: Option<Total>,
    /// The next best option: the next viable one in the ranking after the
    /// recommendation (none if there is none).
    pub runner_up: Option<Total>,
    /// What the runner-up costs more than the recommendation, USD per month.
    pub saving_usd: f64,
    /// The saving as a share of the runner-up's cost, percent.
    pub saving_pct: f64,
}

/// Cost of one component of one option at one stage.
#[derive(Debug, Clone, PartialEq)]
pub struct ComponentCost {
    /// Option name.
    pub option: String,
    /// Component (`compute`, `postgres`, `plan`, `nodes`, …).
    pub component: String,
    /// Monthly cost, USD.
    pub monthly_cost_usd: f64,
}

/// One service of one option at one stage.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceCount {
    /// Option name.
    pub option: String,
    /// Stage name.
    pub stage: String,
    /// Service name.
    pub service: String,
    /// Provider it runs on.
    pub provider: String,
    /// Size, plan or placement.
    pub size: String,
    /// Instances billed (average running count for autoscaled services).
    pub instances: f64,
    /// Instances at peak.
    pub peak_instances: u32,
}

/// A plan that changes between two consecutive stages of an option.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanStep {
    /// Option name.
    pub option: String,
    /// Service (or `(account)` for a workspace plan).
    pub service: String,
    /// Whom the plan belongs to: a service, or the account (a workspace plan).
    pub owner: crate::ledger::Owner,
    /// Component: `plan`, `postgres` or `redis`.
    pub component: String,
    /// Earlier stage and its plan line.
    pub from_stage: String,
    /// The earlier plan (the service's size, or the account plan line).
    pub from_detail: String,
    /// The earlier plan's monthly fee, USD.
    pub from_usd: f64,
    /// Later stage.
    pub to_stage: String,
    /// The later plan.
    pub to_detail: String,
    /// The later plan's monthly fee, USD.
    pub to_usd: f64,
}

/// A price-book entry the costs came from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Source {
    /// Price-book file.
    pub book: String,
    /// Entry in the book.
    pub entry: String,
    /// Where the price was read.
    pub url: String,
    /// When it was read.
    pub date: String,
    /// Not the vendor's own text (a third-party copy), as its book says.
    pub secondary: bool,
}

/// Where two options cost the same: linear interpolation between two stages.
#[derive(Debug, Clone, PartialEq)]
pub struct Crossover {
    /// The option cheaper below the crossing.
    pub cheaper_before: String,
    /// The option cheaper above the crossing.
    pub cheaper_after: String,
    /// Users at the crossing.
    pub users: f64,
    /// Monthly cost of both at the crossing, USD.
    pub monthly_cost_usd: f64,
    /// The stage before the crossing.
    pub from_stage: String,
    /// The stage after it.
    pub to_stage: String,
}

fn strs(df: &DataFrame, name: &str) -> PolarsResult<Vec<String>> {
    Ok(df.column(name)?.str()?.iter().map(|v| v.unwrap_or_default().to_string()).collect())
}

fn f64s(df: &DataFrame, name: &str) -> PolarsResult<Vec<f64>> {
    Ok(df.column(name)?.cast(&DataType::Float64)?.f64()?.iter().map(|v| v.unwrap_or(0.0)).collect())
}

fn u32s(df: &DataFrame, name: &str) -> PolarsResult<Vec<Option<u32>>> {
    Ok(df.column(name)?.cast(&DataType::UInt32)?.u32()?.iter().collect())
}

/// The sum of `monthly_cost_usd`, rounded to the micro-dollar. polars adds a group's
/// line items in an order that varies with its threads, which moves the last bits of
/// a sum from run to run; rounding makes every total the same in every run (and two
/// options that cost the same compare equal, so ties fall to scenario order).
fn usd_sum() -> Expr {
    col("monthly_cost_usd").sum().round(6, RoundMode::HalfToEven)
}

fn sort_by(by: &[&str], descending: &[bool]) -> (Vec<PlSmallStr>, SortMultipleOptions) {
    let names = by.iter().map(|s| PlSmallStr::from(*s)).collect();
    (names, SortMultipleOptions::default().with_order_descending_multi(descending.to_vec()).with_maintain_order(true))
}

/// Totals per option and stage, in scenario order (stage, then option); an option
/// whose every line is free or external totals 0.
pub fn totals(f: &Frames) -> PolarsResult<Vec<Total>> {
    totals_sorted(f, false)
}

/// The sum of `monthly_cost_usd` over the lines of one part of the bill, rounded as [`usd_sum`].
fn part_sum(part: &str, name: &str) -> Expr {
    col("monthly_cost_usd").filter(col("part").eq(lit(part))).sum().round(6, RoundMode::HalfToEven).alias(name)
}

fn totals_sorted(f: &Frames, by_cost: bool) -> PolarsResult<Vec<Total>> {
    let sums = f.costs.clone().lazy().group_by_stable([col("option"), col("stage")]).agg([
        part_sum("hosting", "hosting_usd"),
        part_sum("apis", "apis_usd"),
        part_sum("team_time", "team_time_usd"),
    ]);
    let keys = [col("option"), col("stage")];
    let mut args = JoinArgs::new(JoinType::Left);
    args.maintain_order = MaintainOrderJoin::Left;
    let (by, opts) = if by_cost {
        sort_by(&["stage_index", "rank_usd", "option_index"], &[false, false, false])
    } else {
        sort_by(&["stage_index", "option_index"], &[false, false])
    };
    let df = f
        .outcomes
        .clone()
        .lazy()
        .join(sums, keys.clone(), keys, args)
        .with_columns([col("hosting_usd").fill_null(lit(0.0)), col("apis_usd").fill_null(lit(0.0)), col("team_time_usd").fill_null(lit(0.0))])
        .with_columns([(col("hosting_usd") + col("apis_usd")).round(6, RoundMode::HalfToEven).alias("monthly_cost_usd")])
        .with_columns([(col("monthly_cost_usd") + col("team_time_usd")).round(6, RoundMode::HalfToEven).alias("with_team_time_usd")])
        .with_columns([when(col("rank_by").eq(lit("cash"))).then(col("monthly_cost_usd")).otherwise(col("with_team_time_usd")).alias("rank_usd")])
        .with_columns([(col("rank_usd") / col("users") * lit(1000.0)).alias("per_1k_users_usd")])
        .sort(by, opts)
        .collect()?;
    let (option, platform, stage) = (strs(&df, "option")?, strs(&df, "platform")?, strs(&df, "stage")?);
    let (users, cost, per_1k) = (f64s(&df, "users")?, f64s(&df, "monthly_cost_usd")?, f64s(&df, "per_1k_users_usd")?);
    let (hosting, apis, team, hours) = (f64s(&df, "hosting_usd")?, f64s(&df, "apis_usd")?, f64s(&df, "team_time_usd")?, f64s(&df, "team_hours")?);
    let (with_team, rank) = (f64s(&df, "with_team_time_usd")?, f64s(&df, "rank_usd")?);
    let (month, warnings, missing) = (u32s(&df, "stage_month")?, u32s(&df, "warnings")?, u32s(&df, "missing_prices")?);
    let blocking = u32s(&df, "blocking")?;
    let rank_by = strs(&df, "rank_by")?;
    let flag = |name: &str| -> PolarsResult<Vec<bool>> { Ok(df.column(name)?.bool()?.iter().map(|v| v.unwrap_or(false)).collect()) };
    let (reference, complete, available, recommended) = (flag("reference")?, flag("complete")?, flag("available")?, flag("recommended")?);
    let no_front_end = flag("no_front_end")?;
    Ok((0..df.height())
        .map(|i| Total {
            option: option[i].clone(),
            platform: platform[i].clone(),
            stage: stage[i].clone(),
            users: users[i],
            month: month[i],
            hosting_usd: hosting[i],
            apis_usd: apis[i],
            team_time_usd: team[i],
            team_hours: hours[i],
            monthly_cost_usd: cost[i],
            with_team_time_usd: with_team[i],
            rank_usd: rank[i],
            ranked_with_team_time: rank_by[i] != "cash",
            per_1k_users_usd: if users[i] > 0.0 { per_1k[i] } else { 0.0 },
            warnings: warnings[i].unwrap_or(0),
            blocking: blocking[i].unwrap_or(0),
            missing_prices: missing[i].unwrap_or(0),
            reference: reference[i],
            complete: complete[i],
            available: available[i],
            recommended: recommended[i],
            no_front_end: no_front_end[i],
        })
        .collect())
}

/// Per stage (scenario order): the options ranked by cost, the recommendation (the
/// cheapest viable option), the next best and the saving against it.
pub fn stage_summaries(f: &Frames) -> PolarsResult<Vec<StageSummary>> {
    let ranked = totals_sorted(f, true)?;
    let mut out: Vec<StageSummary> = Vec::new();
    for t in ranked {
        match out.last_mut() {
            Some(s) if s.stage == t.stage => s.ranking.push(t),
            _ => out.push(StageSummary {
                stage: t.stage.clone(),
                users: t.users,
                ranking: vec![t],
                recommended: None,
                runner_up: None,
                saving_usd: 0.0,
                saving_pct: 0.0,
            }),
        }
    }
    for s in &mut out {
        // the recommendation was made once, in the core (`rank`): read it, never redo it
        s.recommended = s.ranking.iter().find(|t| t.recommended).cloned();
        let Some(rec) = &s.recommended else { continue };
        let at = s.ranking.iter().position(|t| t.option == rec.option).unwrap_or(0);
        s.runner_up = s.ranking.iter().skip(at + 1).find(|t| t.viable()).cloned();
        if let Some(r) = &s.runner_up {
            s.saving_usd = r.rank_usd - rec.rank_usd;
            s.saving_pct = if r.rank_usd > 0.0 { 100.0 * s.saving_usd / r.rank_usd } else { 0.0 };
        }
    }
    Ok(out)
}

/// Cost per option and component at `stage` (options in scenario order, components
/// most expensive first over all options).
pub fn breakdown(f: &Frames, stage: &str) -> PolarsResult<Vec<ComponentCost>> {
    let at = f.costs.clone().lazy().filter(col("stage").eq(lit(stage)));
    let order = at.clone().group_by_stable([col("component")]).agg([usd_sum().alias("component_total")]);
    let (by, opts) = sort_by(&["option_index", "component_total", "component"], &[false, true, false]);
    let df = at
        .group_by_stable([col("option_index"), col("option"), col("component")])
        .agg([usd_sum()])
        .join(order, [col("component")], [col("component")], JoinArgs::new(JoinType::Left))
        .sort(by, opts)
        .collect()?;
    let (option, component, cost) = (strs(&df, "option")?, strs(&df, "component")?, f64s(&df, "monthly_cost_usd")?);
    Ok((0..df.height()).map(|i| ComponentCost { option: option[i].clone(), component: component[i].clone(), monthly_cost_usd: cost[i] }).collect())
}

/// Cost components, most expensive first over all options and stages (ties: name),
/// so that every chart of a scenario gives a component the same colour.
pub fn components(f: &Frames) -> PolarsResult<Vec<String>> {
    let (by, opts) = sort_by(&["monthly_cost_usd", "component"], &[true, false]);
    let df = f.costs.clone().lazy().group_by_stable([col("component")]).agg([usd_sum()]).sort(by, opts).collect()?;
    strs(&df, "component")
}

/// Every service of every option at every stage (option, stage, then service order).
pub fn service_counts(f: &Frames) -> PolarsResult<Vec<ServiceCount>> {
    let (by, opts) = sort_by(&["option_index", "stage_index"], &[false, false]);
    let df = f.services.clone().lazy().sort(by, opts).collect()?;
    let (option, stage, service) = (strs(&df, "option")?, strs(&df, "stage")?, strs(&df, "service")?);
    let (provider, size) = (strs(&df, "service_provider")?, strs(&df, "size")?);
    let (instances, peak) = (f64s(&df, "instances")?, u32s(&df, "peak_instances")?);
    Ok((0..df.height())
        .map(|i| ServiceCount {
            option: option[i].clone(),
            stage: stage[i].clone(),
            service: service[i].clone(),
            provider: provider[i].clone(),
            size: size[i].clone(),
            instances: instances[i],
            peak_instances: peak[i].unwrap_or(0),
        })
        .collect())
}

/// Plans (workspace, Postgres, Redis) that change between consecutive stages.
pub fn plan_steps(f: &Frames) -> PolarsResult<Vec<PlanStep>> {
    let plans = col("component").eq(lit("plan")).or(col("component").eq(lit("postgres"))).or(col("component").eq(lit("redis")));
    let (by, opts) = sort_by(&["option_index", "service", "component", "stage_index"], &[false, false, false, false]);
    let df = f
        .costs
        .clone()
        .lazy()
        .filter(plans)
        // a service's plan is its size (`Postgres basic-1gb`); an account plan, its line
        .with_columns([col("size").fill_null(col("detail")).alias("plan")])
        .group_by_stable([col("option_index"), col("option"), col("service"), col("component"), col("stage_index"), col("stage")])
        .agg([col("plan").first(), col("owner").first(), usd_sum()])
        .sort(by, opts)
        .collect()?;
    let (option, service, component) = (strs(&df, "option")?, strs(&df, "service")?, strs(&df, "component")?);
    let (stage, detail, cost) = (strs(&df, "stage")?, strs(&df, "plan")?, f64s(&df, "monthly_cost_usd")?);
    let stage_index = u32s(&df, "stage_index")?;
    let owner = strs(&df, "owner")?;
    let mut out = Vec::new();
    for i in 1..df.height() {
        let same = option[i] == option[i - 1] && service[i] == service[i - 1] && component[i] == component[i - 1];
        let next = stage_index[i].unwrap_or(0) == stage_index[i - 1].unwrap_or(0) + 1;
        if same && next && detail[i] != detail[i - 1] {
            out.push(PlanStep {
                option: option[i].clone(),
                service: service[i].clone(),
                owner: crate::ledger::Owner::from_name(&owner[i]).unwrap_or_default(),
                component: component[i].clone(),
                from_stage: stage[i - 1].clone(),
                from_detail: detail[i - 1].clone(),
                from_usd: cost[i - 1],
                to_stage: stage[i].clone(),
                to_detail: detail[i].clone(),
                to_usd: cost[i],
            });
        }
    }
    Ok(out)
}

/// The price-book entries the costs came from, sorted by book and entry.
pub fn sources(f: &Frames) -> PolarsResult<Vec<Source>> {
    let (by, opts) = sort_by(&["source_book", "source_entry", "source_url", "source_date"], &[false, false, false, false]);
    let df = f
        .costs
        .clone()
        .lazy()
        .select([col("source_book"), col("source_entry"), col("source_url"), col("source_date"), col("source_secondary")])
        .unique_stable(None, UniqueKeepStrategy::First)
        .sort(by, opts)
        .collect()?;
    let (book, entry, url, date) = (strs(&df, "source_book")?, strs(&df, "source_entry")?, strs(&df, "source_url")?, strs(&df, "source_date")?);
    let secondary: Vec<bool> = df.column("source_secondary")?.bool()?.iter().map(|v| v.unwrap_or(false)).collect();
    Ok((0..df.height())
        .map(|i| Source { book: book[i].clone(), entry: entry[i].clone(), url: url[i].clone(), date: date[i].clone(), secondary: secondary[i] })
        .collect())
}

/// Where two options' costs cross between consecutive stages, from `totals` (as
/// [`totals`] returns them). Between stages at `u0` and `u1` users the cost of each
/// option is taken as linear in users; with `d = cost_a − cost_b` going from `d0` to
/// `d1` of opposite sign, the lines meet at `t = d0 / (d0 − d1)`, i.e. at
/// `u0 + t·(u1 − u0)` users and `a0 + t·(a1 − a0)` dollars. Sorted by users (ties:
/// pairs in scenario order), so the numbers run left to right on a chart.
pub fn crossovers(totals: &[Total]) -> Vec<Crossover> {
    const HALF_CENT: f64 = 0.005;
    let mut options: Vec<&str> = Vec::new();
    let mut stages: Vec<(&str, f64)> = Vec::new();
    for t in totals {
        if !options.contains(&t.option.as_str()) {
            options.push(&t.option);
        }
        if !stages.iter().any(|(s, _)| *s == t.stage) {
            stages.push((&t.stage, t.users));
        }
    }
    let cost = |o: &str, s: &str| totals.iter().find(|t| t.option == o && t.stage == s).map(|t| t.rank_usd);
    let mut out = Vec::new();
    for (i, a) in options.iter().enumerate() {
        for b in &options[i + 1..] {
            for w in stages.windows(2) {
                let ((s0, u0), (s1, u1)) = (w[0], w[1]);
                let (Some(a0), Some(a1), Some(b0), Some(b1)) = (cost(a, s0), cost(a, s1), cost(b, s0), cost(b, s1)) else { continue };
                let (d0, d1) = (a0 - b0, a1 - b1);
                // equal to the cent at a stage is not a crossing between stages
                if d0.abs() < HALF_CENT || d1.abs() < HALF_CENT || (d0 > 0.0) == (d1 > 0.0) {
                    continue;
                }
                let t = d0 / (d0 - d1);
                let (before, after) = if d0 < 0.0 { (a, b) } else { (b, a) };
                out.push(Crossover {
                    cheaper_before: before.to_string(),
                    cheaper_after: after.to_string(),
                    users: u0 + t * (u1 - u0),
                    monthly_cost_usd: a0 + t * (a1 - a0),
                    from_stage: s0.to_string(),
                    to_stage: s1.to_string(),
                });
            }
        }
    }
    out.sort_by(|a, b| a.users.total_cmp(&b.users));
    out
}
