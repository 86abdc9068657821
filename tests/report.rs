//! `hostcast report`: the results frames and their summaries on hand-built results
//! with known answers, golden files for CSV, JSON, Markdown and HTML, chart content,
//! determinism, and the atomic folder write.
//!
//! The hand-built scenario "Demo" has two stages (Small, 1,000 users; Large, 10,000
//! users) and three options:
//!
//! | option | Small                                   | Large                                          |
//! |--------|-----------------------------------------|------------------------------------------------|
//! | Alpha  | web 1 × $10 + postgres basic $20 = $30  | web 4 × $10 + postgres starter $50 = $90, 1 missing price |
//! | Beta   | plan hobby $0 + 2 × $7 + basic-1gb $36 = $50 | plan pro $25 + 2 × $7 + basic-1gb $19 + 40 GB × $0.30 = $70 |
//! | Gamma  | node $5 (+ team time $15 = $20)         | 2 nodes × $22.50 = $45 (+ team time $15 = $60), 1 blocking finding |
//!
//! Ranked with team time (the default): Small → Gamma $20; Large → Beta $70 (Gamma's
//! $60 is blocked by a load above its cap; Alpha's $90 is a lower bound).
//!
//! Set `UPDATE_GOLDEN=1` to rewrite the golden files under `tests/golden/report/`.

use std::path::Path;

use hostcast::findings::{Finding, FindingKind};
use hostcast::ledger::{LineItem, Part, ServiceSummary};
use hostcast::pricing::{BookInfo, MissingPrice, SourceRef};
use hostcast::report::files::{Bundle, bundle};
use hostcast::report::model::Settings;
use hostcast::results::Results;
use hostcast::results::{self, Frames};
use hostcast::scenario::model::RankBy;
use hostcast::simulate::OptionResult;
use hostcast::timeline::TimelinePoint;

use crate::helpers::{assert_usd, repo};

fn source(book: &str, entry: &str) -> SourceRef {
    SourceRef {
        book: format!("pricing/{book}.toml"),
        entry: entry.into(),
        url: format!("https://example.com/{book}/pricing"),
        date: "2026-01".into(),
        ..SourceRef::default()
    }
}

#[allow(clippy::too_many_arguments)]
fn line(service: &str, provider: &str, component: &str, detail: &str, quantity: f64, unit_price: f64, book: &str, entry: &str) -> LineItem {
    LineItem {
        part: hostcast::ledger::Part::Hosting,
        // the fixtures name shared owners by their labels
        owner: hostcast::ledger::Owner::ALL.into_iter().find(|o| o.label() == service).unwrap_or_default(),
        service: service.into(),
        provider: provider.into(),
        component: component.into(),
        detail: detail.into(),
        quantity,
        unit: "month".into(),
        unit_price,
        currency: "USD".into(),
        unit_price_usd: unit_price,
        monthly_cost_usd: quantity * unit_price,
        source: source(book, entry),
    }
}

fn svc(name: &str, kind: &str, provider: &str, size: &str, instances: f64, cost: f64) -> ServiceSummary {
    ServiceSummary {
        name: name.into(),
        kind: kind.into(),
        provider: provider.into(),
        size: size.into(),
        instances,
        peak_instances: instances.ceil() as u32,
        bound: "CPU".into(),
        vcpus: 1.0,
        memory_mb: 512.0,
        gpu: None,
        monthly_cost_usd: cost,
    }
}

fn option(option: &str, platform: &str, stage: &str, users: f64, services: Vec<ServiceSummary>, line_items: Vec<LineItem>) -> OptionResult {
    let part = |p: Part| -> f64 { line_items.iter().filter(|l| l.part == p).map(|l| l.monthly_cost_usd).sum() };
    let (hosting, team) = (part(Part::Hosting), part(Part::TeamTime));
    OptionResult {
        scenario: "demo".into(),
        scenario_name: "Demo".into(),
        option: option.into(),
        platform: platform.into(),
        reference: false,
        stage: stage.into(),
        users,
        month: Some(if stage == "Small" { 1 } else { 12 }),
        hosting_usd: hosting,
        apis_usd: 0.0,
        team_time_usd: team,
        team_hours: line_items.iter().filter(|l| l.part == Part::TeamTime).map(|l| l.quantity).sum(),
        team_time_basis: if team > 0.0 { "1 h a month, as the demo states, at $15/h".into() } else { "none".into() },
        monthly_cost_usd: hosting,
        with_team_time_usd: hosting + team,
        infrastructure_usd: hosting,
        labour_usd: team,
        rank_by: RankBy::WithTeamTime,
        complete: true,
        available: true,
        recommended: false,
        diagnostics: Vec::new(),
        services,
        line_items,
        missing_prices: Vec::new(),
        assumptions: Vec::new(),
        warnings: Vec::new(),
        tax_usd: 0.0,
        monthly_cost: None,
        currency: None,
        rate: None,
    }
}

fn book(provider: &str, title: &str, as_of: &str) -> BookInfo {
    BookInfo {
        provider: provider.into(),
        title: title.into(),
        path: format!("pricing/{provider}.toml"),
        as_of: as_of.into(),
        checked: as_of.into(),
        currency: "USD".into(),
        ..BookInfo::default()
    }
}

/// The Demo results (see the module header).
pub fn demo() -> Results {
    let mut r = Vec::new();
    r.push(option(
        "Alpha",
        "fly",
        "Small",
        1000.0,
        vec![svc("web", "web", "fly", "shared-1x", 1.0, 10.0), svc("db", "postgres", "fly", "Managed Postgres basic", 1.0, 20.0)],
        vec![
            line("web", "fly", "compute", "shared-1x × 1", 1.0, 10.0, "fly", "sizes.shared-1x"),
            line("db", "fly", "postgres", "plan `basic`", 1.0, 20.0, "fly", "postgres.basic"),
        ],
    ));
    r.push(option(
        "Alpha",
        "fly",
        "Large",
        10000.0,
        vec![svc("web", "web", "fly", "shared-1x", 4.0, 40.0), svc("db", "postgres", "fly", "Managed Postgres starter", 1.0, 50.0)],
        vec![
            line("web", "fly", "compute", "shared-1x × 4", 4.0, 10.0, "fly", "sizes.shared-1x"),
            line("db", "fly", "postgres", "plan `starter`", 1.0, 50.0, "fly", "postgres.starter"),
        ],
    ));
    r[1].missing_prices.push(MissingPrice { provider: "fly".into(), entry: "rates.egress".into(), needed_for: "`web` egress".into() });
    r.push(option(
        "Beta",
        "render",
        "Small",
        1000.0,
        vec![svc("web", "web", "render", "starter", 2.0, 14.0), svc("db", "postgres", "render", "Postgres basic-1gb", 1.0, 36.0)],
        vec![
            line("(account)", "render", "plan", "workspace plan `hobby`", 1.0, 0.0, "render", "plans.hobby"),
            line("web", "render", "compute", "starter × 2", 2.0, 7.0, "render", "sizes.starter"),
            line("db", "render", "postgres", "plan `basic-1gb`", 1.0, 36.0, "render", "postgres.basic-1gb"),
        ],
    ));
    r.push(option(
        "Beta",
        "render",
        "Large",
        10000.0,
        vec![svc("web", "web", "render", "starter", 2.0, 14.0), svc("db", "postgres", "render", "Postgres basic-1gb", 1.0, 31.0)],
        vec![
            line("(account)", "render", "plan", "workspace plan `pro`", 1.0, 25.0, "render", "plans.pro"),
            line("web", "render", "compute", "starter × 2", 2.0, 7.0, "render", "sizes.starter"),
            line("db", "render", "postgres", "plan `basic-1gb`", 1.0, 19.0, "render", "postgres.basic-1gb"),
            line("db", "render", "storage", "40 GB", 40.0, 0.30, "render", "rates.postgres_storage_gb"),
        ],
    ));
    r.push(option(
        "Gamma",
        "compose",
        "Small",
        1000.0,
        vec![svc("web", "web", "hetzner", "1 × 0.50 CPU on cx22", 1.0, 2.5), svc("db", "postgres", "hetzner", "1 × 0.50 CPU on cx22", 1.0, 2.5)],
        vec![line("(nodes)", "hetzner", "nodes", "cx22 × 1", 1.0, 5.0, "hetzner", "sizes.cx22"), team_line()],
    ));
    r.push(option(
        "Gamma",
        "compose",
        "Large",
        10000.0,
        vec![svc("web", "web", "hetzner", "3 × 0.50 CPU on cx32", 3.0, 30.0), svc("db", "postgres", "hetzner", "1 × 0.50 CPU on cx32", 1.0, 15.0)],
        vec![line("(nodes)", "hetzner", "nodes", "cx32 × 2", 2.0, 22.5, "hetzner", "sizes.cx32"), team_line()],
    ));
    let over = Finding::new(FindingKind::OverCap, "`web` needs 4 instances at peak but `max_instances` is 3: raise it or expect queueing");
    r[5].warnings.push(over.message.clone());
    r[5].diagnostics.push(over);
    r[1].complete = false;
    r[1].diagnostics.push(Finding::new(FindingKind::MissingPrice, "no price for fly `rates.egress` (needed for `web` egress)"));
    for o in r.iter_mut().filter(|o| o.option == "Gamma") {
        o.assumptions.push("Compose: each node keeps 20% headroom".into());
    }
    let recommendations = hostcast::rank::recommend(&mut r, &|_| RankBy::WithTeamTime);
    Results {
        schema_version: hostcast::results::SCHEMA_VERSION,
        kind: hostcast::provenance::OutputKind::Compare,
        provenance: None,
        price_books: vec![book("fly", "Fly.io", "2026-01-01"), book("hetzner", "Hetzner Cloud", "2026-09-01"), book("render", "Render", "2026-09-01")],
        results: r,
        recommendations,
        currency: None,
        timeline: Vec::new(),
    }
}

/// One hour of the team's time at $15.
fn team_line() -> LineItem {
    LineItem {
        part: Part::TeamTime,
        owner: hostcast::ledger::Owner::Team,
        ..line("(team)", "team", "team time", "1 h × $15/h", 1.0, 15.0, "demo.toml", "team_time.vps_hours_per_month")
    }
}

/// The Demo's scenario file: its stages and services, for the Inputs section.
const DEMO_SCENARIO: &str = r#"[scenario]
name = "Demo"

[[service]]
name = "web"
kind = "web"
# assumed: 20 page views a day per active user,
# from the demo's own analytics
requests_per_user_day = 20
cpu_ms_per_request = 15

[[service]]
name = "db"
kind = "postgres"
storage_gb = 2
storage_gb_per_1k_users = 4
connections = 20

[[stage]]
name = "Small"
users = 1000
daily_active = 0.2
month = 1

[[stage]]
name = "Large"
users = 10000
daily_active = 0.2
peak_to_average = 3
high_availability = true
month = 12

[[option]]
name = "Alpha"
platform = "fly"
"#;

/// The Inputs section of the Demo.
fn demo_inputs(r: &Results) -> hostcast::report::model::Inputs {
    let s = hostcast::scenario::Scenario::parse(Path::new("demo.toml"), DEMO_SCENARIO.to_string()).expect("demo scenario");
    hostcast::report::model::inputs::build(&s, r)
}

fn settings() -> Settings {
    Settings { today: "2026-09-30".into(), max_age_days: 180, currency: None }
}

/// A hand-built timeline: Alpha and Beta over months 0–2 (Small's settings until
/// month 2, Large's at 2); Beta's P90 at month 2 is missing a price.
pub fn demo_timeline() -> Vec<TimelinePoint> {
    let mut out = Vec::new();
    for (option, base) in [("Alpha", 30.0), ("Beta", 50.0)] {
        for month in 0..=2u32 {
            let c = base + 10.0 * month as f64;
            out.push(TimelinePoint {
                scenario: "demo".into(),
                option: option.into(),
                month,
                stage: if month < 2 { "Small".into() } else { "Large".into() },
                users_planned: 1000.0 * 10f64.powf(month as f64 / 2.0),
                users_p10: 500.0,
                users_p50: 1000.0,
                users_p90: 2000.0,
                cost_p10_usd: c * 0.8,
                cost_p50_usd: c,
                cost_p90_usd: c * 1.5,
                complete: [true, true, !(option == "Beta" && month == 2)],
            });
        }
    }
    out
}

fn demo_bundle() -> Bundle {
    let r = demo();
    bundle(&r, &demo_timeline(), "demo", "A hand-built scenario for tests.", demo_inputs(&r), &settings()).expect("renders")
}

#[test]
fn the_timeline_has_its_chart_table_and_data() {
    let b = demo_bundle();
    // 2 options × 3 months × 3 samples, and a header
    assert_eq!(text(&b, "timeline.csv").lines().count(), 1 + 18);
    assert!(text(&b, "timeline.csv").starts_with("scenario,option,option_index,month,stage,sample,users,monthly_cost_usd,complete"));
    let svg = text(&b, "timeline.svg");
    assert!(svg.contains("<title>Demo: monthly cost over time, median with P10–P90 band</title>"));
    // bands: Alpha one run (months 0–2), Beta one run (0–1; its month-2 P90 is missing)
    assert_eq!(svg.matches("<polygon").count(), 2, "one band per complete run");
    for s in ["Alpha", "Beta", "months from launch"] {
        assert!(svg.contains(s), "{s} in timeline.svg");
    }
    let md = text(&b, "report.md");
    assert!(md.contains("## Timeline"));
    // Beta at month 2: P50 $70.00, P90 a lower bound ≥ $105.00 (70 × 1.5)
    assert!(md.contains("| Beta | 2 | Large | 1,000 | $56.00 | $70.00 | ≥ $105.00 |"), "{md}");
    assert!(text(&b, "report.html").contains("<section id=\"timeline\">"));
}

fn file<'a>(b: &'a Bundle, name: &str) -> &'a [u8] {
    &b.files.iter().find(|f| f.0 == name).unwrap_or_else(|| panic!("no {name}")).1
}

fn text<'a>(b: &'a Bundle, name: &str) -> &'a str {
    std::str::from_utf8(file(b, name)).expect("utf-8")
}

#[test]
fn the_long_frame_has_a_row_per_line_item_with_size_instances_and_source() {
    let f = Frames::build(&demo(), "demo").expect("frames");
    assert_eq!(f.costs.height(), 15);
    assert_eq!(f.outcomes.height(), 6);
    assert_eq!(f.services.height(), 12);
    let names: Vec<String> = f.costs.get_column_names().iter().map(|s| s.to_string()).collect();
    for c in [
        "scenario",
        "option",
        "stage",
        "stage_month",
        "owner",
        "service",
        "component",
        "provider",
        "size",
        "instances",
        "quantity",
        "unit",
        "unit_price",
        "currency",
        "monthly_cost_usd",
        "source_url",
        "source_date",
    ] {
        assert!(names.iter().any(|n| n == c), "column {c}");
    }
    let csv = String::from_utf8(hostcast::report::data::csv(&f.costs).expect("csv")).expect("utf-8");
    // Alpha's web line at Large: size and instances joined from the service summary
    // (its part is hosting; the option misses a price at Large, so the row says `complete` false)
    assert!(
        csv.contains(
            "demo,Alpha,0,fly,Large,1,10000.0,12,hosting,false,true,service,web,compute,shared-1x × 4,fly,shared-1x,4.0,4.0,month,10.0,USD,10.0,40.0,"
        ),
        "{csv}"
    );
    // an account-wide line has no size or instances, and says whom it belongs to
    assert!(csv.contains("demo,Beta,1,render,Small,0,1000.0,1,hosting,true,true,account,(account),plan,workspace plan `hobby`,render,,,1.0,"), "{csv}");
    // the team's hour is its own part
    assert!(csv.contains("demo,Gamma,2,compose,Small,0,1000.0,1,team_time,true,true,team,(team),team time,"), "{csv}");
}

#[test]
fn summaries_are_queries_with_known_answers() {
    let f = Frames::build(&demo(), "demo").expect("frames");
    let totals = results::totals(&f).expect("totals");
    let got: Vec<(String, String, f64)> = totals.iter().map(|t| (t.stage.clone(), t.option.clone(), t.rank_usd)).collect();
    let want = [
        ("Small", "Alpha", 30.0),
        ("Small", "Beta", 50.0),
        ("Small", "Gamma", 20.0),
        ("Large", "Alpha", 90.0),
        ("Large", "Beta", 70.0),
        ("Large", "Gamma", 60.0),
    ];
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        assert_eq!((g.0.as_str(), g.1.as_str()), (w.0, w.1));
        assert_usd(g.2, w.2);
    }
    // Beta at Large: $70 for 10,000 users = $7.00 per 1,000
    assert_usd(totals[4].per_1k_users_usd, 7.0);
    // Gamma's team hour is its own part: cash $5 / $45, team time $15, with it $20 / $60
    assert_usd(totals[2].monthly_cost_usd, 5.0);
    assert_usd(totals[5].monthly_cost_usd, 45.0);
    assert_usd(totals[5].team_time_usd, 15.0);
    assert_usd(totals[5].with_team_time_usd, 60.0);
    assert!(!totals[3].complete && totals[5].complete);

    let s = results::stage_summaries(&f).expect("summaries");
    // Small: Gamma $20 is cheapest and clean; next best Alpha $30: saving $10 = 33.3% of $30
    assert_eq!(s[0].recommended.as_ref().map(|t| t.option.as_str()), Some("Gamma"));
    assert_eq!(s[0].runner_up.as_ref().map(|t| t.option.as_str()), Some("Alpha"));
    assert_usd(s[0].saving_usd, 10.0);
    assert!((s[0].saving_pct - 100.0 / 3.0).abs() < 1e-9);
    assert_usd(s[0].recommended.as_ref().map_or(0.0, |t| t.per_1k_users_usd), 20.0);
    // Large: Gamma $60 has a blocking finding, so Beta $70 is recommended; Alpha $90
    // misses a price (a lower bound), so no option can be the runner-up
    assert_eq!(s[1].ranking[0].option, "Gamma");
    assert_eq!(s[1].recommended.as_ref().map(|t| t.option.as_str()), Some("Beta"));
    assert_eq!(s[1].runner_up, None);
    assert_usd(s[1].saving_usd, 0.0);

    // Alpha 30 → 90 and Beta 50 → 70 between 1,000 and 10,000 users: d0 = −20,
    // d1 = +20, t = −20 / (−20 − 20) = 0.5, at 1,000 + 0.5 × 9,000 = 5,500 users and
    // 30 + 0.5 × 60 = $60. Gamma stays below both (d = 10 → 30 and 30 → 10): no crossing.
    let x = results::crossovers(&totals);
    assert_eq!(x.len(), 1);
    assert_eq!((x[0].cheaper_before.as_str(), x[0].cheaper_after.as_str()), ("Alpha", "Beta"));
    assert_usd(x[0].users, 5500.0);
    assert_usd(x[0].monthly_cost_usd, 60.0);

    let steps = results::plan_steps(&f).expect("steps");
    let got: Vec<(&str, &str, &str, &str)> =
        steps.iter().map(|s| (s.option.as_str(), s.service.as_str(), s.from_detail.as_str(), s.to_detail.as_str())).collect();
    assert_eq!(
        got,
        [("Alpha", "db", "Managed Postgres basic", "Managed Postgres starter"), ("Beta", "(account)", "workspace plan `hobby`", "workspace plan `pro`")]
    );

    // components by total over both stages: postgres 125 (20+50+36+19), compute 78, nodes 50, ops 30, plan 25, storage 12
    let c = results::components(&f).expect("components");
    assert_eq!(c, ["postgres", "compute", "nodes", "team time", "plan", "storage"]);
    let b = results::breakdown(&f, "Large").expect("breakdown");
    // at Large: postgres 69, compute 54, nodes 45, plan 25, ops 15, storage 12
    assert_eq!(b.iter().filter(|c| c.option == "Beta").map(|c| c.component.as_str()).collect::<Vec<_>>(), ["postgres", "compute", "plan", "storage"]);
    // 3 fly entries, 5 render, 3 hetzner
    assert_eq!(results::sources(&f).expect("sources").len(), 11);
}

/// Compares `got` with the golden file `name`, or rewrites it with `UPDATE_GOLDEN=1`.
fn golden(name: &str, got: &[u8]) {
    let path = repo("tests/golden/report").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        fs_err::create_dir_all(path.parent().expect("parent")).expect("dir");
        fs_err::write(&path, got).expect("write golden");
        return;
    }
    let want = fs_err::read(&path).unwrap_or_else(|e| panic!("{e} (run with UPDATE_GOLDEN=1 to create it)"));
    if want != got {
        let (w, g) = (String::from_utf8_lossy(&want), String::from_utf8_lossy(got));
        let at = w.lines().zip(g.lines()).position(|(a, b)| a != b).unwrap_or(w.lines().count().min(g.lines().count()));
        panic!(
            "{name} differs from its golden file at line {}:\n want: {}\n  got: {}\n(UPDATE_GOLDEN=1 rewrites it)",
            at + 1,
            w.lines().nth(at).unwrap_or(""),
            g.lines().nth(at).unwrap_or("")
        );
    }
}

#[test]
fn golden_csv_json_markdown_html() {
    let b = demo_bundle();
    for name in ["costs.csv", "costs.json", "report.md", "report.html"] {
        golden(name, file(&b, name));
    }
}

#[test]
fn the_report_says_what_a_decision_needs() {
    let b = demo_bundle();
    let md = text(&b, "report.md");
    // recommendation, next best and saving per stage
    // cash $5 + team time $15 = $20 for Gamma at Small; Alpha next at $30: $10 = 33% of $30
    assert!(md.contains("| Small | 1,000 | Gamma | $5.00 | $20.00 | $20.00 | Alpha | $30.00 | $10.00 (33%) |"), "{md}");
    // Large: Gamma blocked, Alpha a lower bound: Beta, with no signable runner-up
    assert!(md.contains("| Large | 10,000 | Beta | $70.00 | $70.00 | $7.00 | - | - | - |"), "{md}");
    assert!(md.contains("Gamma would cost $60.00 but is blocked: `web` needs 4 instances at peak"), "{md}");
    // $10 saving at $15/h of team time: 0.67 h flips the order
    assert!(md.contains("The order flips if Gamma took 0.7 more team hours a month than the 1 h assumed (at $15.00/h)."), "{md}");
    // the stage table marks the lower bound
    assert!(md.contains("| Alpha | fly | ≥ $90.00 | $0.00 | ≥ $90.00 | $0.00 (0 h) | ≥ $90.00 |"), "{md}");
    // risks: the old book (2026-01-01 to 2026-09-30 = 272 days), the missing price, the blocking finding, the plan step ahead
    assert!(md.contains("The Fly.io price book (`pricing/fly.toml`) was last checked 272 days before the report date 2026-09-30"), "{md}");
    assert!(md.contains("No price for fly `rates.egress` (needed for `web` egress): Alpha (Large). A total without it is a lower bound"), "{md}");
    assert!(md.contains(
        "Plan step ahead on Beta: the workspace moves from workspace plan `hobby` to workspace plan `pro` between Small and Large ($0.00 → $25.00 a month)."
    ));
    assert!(md.contains("The timeline's P10–P90 band covers the uncertainty of the user count only"));
    assert!(md.contains("![Demo: monthly cost per option at each stage (cash bill + team time)](cost-by-stage.svg)"));
    let html = text(&b, "report.html");
    assert!(html.contains("<svg class=\"chart\""));
    for banned in ["<script", "<link", "@import", "src=\"http", "url(http"] {
        assert!(!html.contains(banned), "the HTML must not fetch anything: {banned}");
    }
    assert!(html.contains("@media print"));
}

/// The `fill` colours of the `<rect>`s of an SVG, in order.
fn rect_fills(svg: &str) -> Vec<String> {
    svg.split("<rect").skip(1).filter_map(|r| r.split("fill=\"").nth(1).and_then(|f| f.split('"').next()).map(str::to_string)).collect()
}

#[test]
fn charts_have_their_titles_series_and_bars() {
    let b = demo_bundle();
    let svg = text(&b, "cost-by-stage.svg");
    assert!(svg.contains("<title>Demo: monthly cost per option at each stage (cash bill + team time)</title>"));
    for s in ["Alpha", "Beta", "Gamma", "Small (1,000 users)", "Large (10,000 users)", "US dollars per month (hollow ≥: a price is missing)", "$0"] {
        assert!(svg.contains(&format!(">\n{s}\n<")) || svg.contains(&format!(">{s}<")), "{s} in cost-by-stage.svg");
    }
    // per option: one filled bar per stage plus its legend swatch; Alpha at Large is a
    // lower bound, drawn hollow (a white bar in an Alpha-coloured outline) with `≥`
    let fills = rect_fills(svg);
    for (colour, n) in [("#4E79A7", 2), ("#F28E2B", 3), ("#E15759", 3)] {
        assert_eq!(fills.iter().filter(|f| f.eq_ignore_ascii_case(colour)).count(), n, "{colour} in {fills:?}");
    }
    assert!(svg.contains("stroke=\"#4E79A7\"") && (svg.contains(">≥<") || svg.contains(">\n≥\n<")), "the hollow lower-bound bar");
    let large = text(&b, "breakdown-large.svg");
    assert!(large.contains("Demo: cost by component at Large (10,000 users)"));
    for s in ["postgres", "compute", "nodes", "team time", "plan", "storage", "$70.00", "$90.00", "$60.00"] {
        assert!(large.contains(s), "{s} in breakdown-large.svg");
    }
    // the plan layer (colour 4) has one segment per option plus its swatch
    assert_eq!(rect_fills(large).iter().filter(|f| f.eq_ignore_ascii_case("#59A14F")).count(), 4);
    let users = text(&b, "cost-vs-users.svg");
    assert!(users.contains("Demo: monthly cost against users, with crossover points"));
    assert!(users.contains("users (log scale)"));
    // one numbered badge: a white disc, a ring and its number
    // (Alpha at Large is a lower bound: a hollow ring of two circles instead of a dot)
    assert_eq!(users.matches("<circle").count(), 5 + 2 + 2, "five stage dots, one hollow ring and one badge of two circles each");
    let instances = text(&b, "instances.svg");
    for s in ["Alpha", "Beta", "Gamma", "web", "db", "instances"] {
        assert!(instances.contains(s), "{s} in instances.svg");
    }
    for c in b.files.iter().filter(|f| f.0.ends_with(".png")) {
        assert!(c.1.starts_with(b"\x89PNG\r\n\x1a\n"), "{} is a PNG", c.0);
    }
}

#[test]
fn the_same_results_give_the_same_bytes() {
    let (a, b) = (demo_bundle(), demo_bundle());
    assert_eq!(a.files.len(), b.files.len());
    for (x, y) in a.files.iter().zip(&b.files) {
        assert_eq!(x.0, y.0);
        assert!(x.1 == y.1, "{} differs between two runs", x.0);
    }
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs_err::read_dir(dir).expect("dir").map(|e| e.expect("entry").file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn a_report_folder_is_replaced_whole_or_not_at_all() {
    use hostcast::report::write::replace_dir;
    let out = tempfile::tempdir().expect("tmp");
    let target = out.path().join("demo");
    replace_dir(&target, &[("old.txt".into(), b"old".to_vec())]).expect("first write");
    // a failing run: `a` is written as a file, then used as a folder
    let bad = [("a".to_string(), b"x".to_vec()), ("a/b".to_string(), b"y".to_vec())];
    assert!(replace_dir(&target, &bad).is_err());
    assert_eq!(listing(&target), ["old.txt"]);
    assert_eq!(listing(out.path()), ["demo"], "no temporary folder is left behind");
    replace_dir(&target, &[("new.txt".into(), b"new".to_vec())]).expect("second write");
    assert_eq!(listing(&target), ["new.txt"]);
    assert_eq!(listing(out.path()), ["demo"]);
}

#[test]
fn dates_slugs_and_log_ticks() {
    use hostcast::report::charts::cost_vs_users::log_ticks;
    use hostcast::report::model::risks::day_number;
    assert_eq!(day_number("1970-01-01"), Some(0));
    assert_eq!(day_number("2000-03-01"), Some(11_017));
    // Jan 31 + Feb 28 + Mar 31 + Apr 30 + May 31 + Jun 30 + Jul 31 + Aug 31 + 29 = 272
    assert_eq!(day_number("2026-09-30").zip(day_number("2026-01-01")).map(|(a, b)| a - b), Some(272));
    assert_eq!(day_number("2026-07"), day_number("2026-07-01"));
    assert_eq!(day_number("next tuesday"), None);
    assert_eq!(hostcast::report::files::slug("Growth 2 (EU)"), "growth-2-eu");
    assert_eq!(log_ticks(25_000.0, 1_280_000.0), [50_000.0, 100_000.0, 200_000.0, 500_000.0, 1_000_000.0]);
    assert_eq!(log_ticks(3.0, 1.0e6), [10.0, 100.0, 1_000.0, 10_000.0, 100_000.0, 1_000_000.0]);
}

#[test]
fn a_reference_deployment_is_shown_but_never_recommended() {
    let mut r = demo();
    let f = Frames::build(&r, "demo").expect("frames");
    let before = results::stage_summaries(&f).expect("summaries");
    let first = before[0].recommended.as_ref().map(|t| t.option.clone()).unwrap_or_default();
    for o in r.results.iter_mut().filter(|o| o.option == first) {
        o.reference = true;
    }
    r.recommendations = hostcast::rank::recommend(&mut r.results, &|_| RankBy::WithTeamTime);
    let f = Frames::build(&r, "demo").expect("frames");
    let after = results::stage_summaries(&f).expect("summaries");
    assert_ne!(after[0].recommended.as_ref().map(|t| t.option.clone()), Some(first.clone()), "a reference option is not recommended");
    assert!(after[0].ranking.iter().any(|t| t.option == first && t.reference), "it stays in the ranking");
    let b = bundle(&r, &[], "demo", "A hand-built scenario for tests.", demo_inputs(&r), &settings()).expect("renders");
    assert!(text(&b, "report.md").contains(&format!("{first} ($20.00) is a reference deployment, shown for comparison only")), "{}", text(&b, "report.md"));
}

#[test]
fn the_inputs_section_lists_every_service_stage_and_assumed_note() {
    let path = repo("scenarios/intellipost.toml");
    let s = hostcast::scenario::Scenario::load(&path).expect("scenario");
    let prices = hostcast::pricing::Prices::load_dir(&repo("pricing")).expect("books");
    let r = hostcast::results::run(std::slice::from_ref(&s), &prices, &hostcast::simulate::Filter::default()).expect("prices");
    let inputs = hostcast::report::model::inputs::build(&s, &r);
    let b = bundle(&r, &[], &s.slug, "", inputs, &settings()).expect("renders");
    let md = text(&b, "report.md");
    let section = md.split("## Inputs").nth(1).and_then(|x| x.split("## Plan steps").next()).unwrap_or_default();
    for svc in &s.file.services {
        let row = section.lines().find(|l| l.starts_with(&format!("| {} | {} |", svc.name, svc.kind.as_str())));
        let row = row.unwrap_or_else(|| panic!("no workload row for {}", svc.name));
        if svc.kind.serves_requests() {
            // the numbers that drive its load are on its row
            let want = format!("{} requests / active user / day", hostcast::money::quantity(svc.requests_per_user_day));
            assert!(row.contains(&want), "{row}");
            assert!(row.contains(&format!("{} ms CPU", hostcast::money::quantity(svc.cpu_ms_per_request))), "{row}");
        }
    }
    for st in &s.file.stages {
        assert!(section.contains(&format!("| {} | {} |", st.name, hostcast::money::quantity(st.users))), "stage {}", st.name);
    }
    // every `# assumed` comment of the file is listed with its line
    let assumed = s.text.lines().filter(|l| l.trim_start().starts_with("# assumed")).count();
    assert!(assumed > 0);
    assert_eq!(section.matches("intellipost.toml:").count(), assumed, "{section}");
    assert!(section.contains("### Team time"));
}
