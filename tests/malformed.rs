//! The malformed-input corpus (`tests/malformed/`): every file is run through the
//! binary (configs with `estimate`, or `import` for those a platform accepts with a
//! warning; scenarios with `compare`; price books with `pricing diff`; overlays with
//! `compare --overlay`; env files with `estimate --env-file`) and must end with its
//! exit code and a first message located at `FILE:LINE:COL:` that says what is wrong.
//! Classes: each importer's value checks (type, finiteness, sign, range), empty and
//! service-less files, non-UTF-8 bytes, parse errors, nesting bombs, scenarios (a name
//! past the length cap among them), price books, overlays, env files, and an error of
//! the generated scenario pointed back at its config line.

use std::path::Path;
use std::process::Output;

/// File (under `tests/malformed/`) → exit code → location → a fragment of the message.
const CASES: [(&str, i32, &str, &str); 129] = [
    ("book/disk-gb-nan.toml", 1, "book/disk-gb-nan.toml:15:11:", "sizes.n.disk_gb is NaN: prices and"),
    ("book/empty.toml", 1, "book/empty.toml:1:1:", "the price book is empty"),
    ("book/exchange-rate-huge.toml", 1, "book/exchange-rate-huge.toml:12:9:", "to_usd.EUR.price is 1e308: an exchange rate"),
    ("book/gpu-memory-negative.toml", 1, "book/gpu-memory-negative.toml:15:34:", "sizes.n.gpu.memory_gb is -24: prices"),
    ("book/nesting-bomb.toml", 1, "book/nesting-bomb.toml:28:73:", "nested more than 64 deep, past hostcast's cap (`MAX_NESTING`)"),
    ("book/not-utf8.toml", 1, "book/not-utf8.toml:3:11:", "the price book is not UTF-8 text: byte"),
    ("book/postgres-vcpus-inf.toml", 1, "book/postgres-vcpus-inf.toml:19:9:", "postgres.pg.vcpus is inf: prices and"),
    ("book/price-huge-negative.toml", 1, "book/price-huge-negative.toml:14:9:", "sizes.n.price is -1e305: prices and"),
    ("book/price-quadrillion.toml", 1, "book/price-quadrillion.toml:14:9:", "sizes.n.price is 4.29e16: a price is between 0 and 1e9"),
    ("book/provider-unknown.toml", 1, "book/provider-unknown.toml:2:12:", "unknown provider `heroku`: no billing"),
    ("book/rate-free-nan.toml", 1, "book/rate-free-nan.toml:27:8:", "rates.r.free is NaN: prices and"),
    ("book/redis-bandwidth-negative.toml", 1, "book/redis-bandwidth-negative.toml:23:29:", "redis.kv.included.bandwidth_gb is -1"),
    ("book/schema-two.toml", 1, "book/schema-two.toml:1:10:", "unsupported price-book schema 2"),
    ("book/setup-fee-nan.toml", 1, "book/setup-fee-nan.toml:15:13:", "sizes.n.setup_fee is NaN: prices and"),
    ("book/source-undefined.toml", 1, "book/source-undefined.toml:15:10:", "sizes.n cites source `NOPE`, which"),
    ("book/string-price.toml", 1, "book/string-price.toml:14:9:", "`price`: invalid type: string \"five\""),
    ("book/traffic-negative.toml", 1, "book/traffic-negative.toml:15:23:", "sizes.n.included_traffic_gb is -1"),
    ("compose/compose.bad-yaml.yaml", 1, "compose/compose.bad-yaml.yaml:4:4:", "invalid YAML: while parsing a block"),
    ("compose/compose.cpus-string.yaml", 1, "compose/compose.cpus-string.yaml:4:11:", "`cpus` is \"lots\"; expected a number of CPUs"),
    ("compose/compose.empty.yaml", 1, "compose/compose.empty.yaml:1:1:", "the file has no settings: nothing to"),
    ("compose/compose.gpu-count-zero.yaml", 1, "compose/compose.gpu-count-zero.yaml:9:22:", "`count` is `0`; expected a whole number from 1 to 16"),
    ("compose/compose.mem-limit-words.yaml", 1, "compose/compose.mem-limit-words.yaml:4:16:", "`mem_limit` is \"lots\"; expected a memory size"),
    ("compose/compose.no-services.yaml", 1, "compose/compose.no-services.yaml:1:1:", "no `services` mapping in the Compose"),
    ("compose/compose.not-utf8.yaml", 1, "compose/compose.not-utf8.yaml:3:12:", "the config is not UTF-8 text: byte 28"),
    ("compose/compose.replicas-negative.yaml", 1, "compose/compose.replicas-negative.yaml:5:17:", "`replicas` is `-3`; expected a whole number"),
    ("compose/compose.required-variable.yaml", 1, "compose/compose.required-variable.yaml:3:12:", "`RELEASE_TAG` is required by `image` of `web`"),
    ("compose/compose.service-string.yaml", 1, "compose/compose.service-string.yaml:2:8:", "service `web` is \"nginx\", not a mapping"),
    ("compose/compose.services-list.yaml", 1, "compose/compose.services-list.yaml:1:1:", "no `services` mapping in the Compose"),
    ("compose/compose.unset-variable-warns.yaml", 0, "compose/compose.unset-variable-warns.yaml:3:12:", "variable(s) not set, read as empty"),
    ("compose/compose.volume-empty.yaml", 1, "compose/compose.volume-empty.yaml:5:9:", "a `volumes` entry of `web` is not a"),
    ("compose/compose.volume-long-bad-type.yaml", 1, "compose/compose.volume-long-bad-type.yaml:5:9:", "a `volumes` entry of `web` is not a"),
    ("compose/compose.volume-long-no-target.yaml", 1, "compose/compose.volume-long-no-target.yaml:5:9:", "a `volumes` entry of `web` is not a"),
    ("compose/compose.volume-no-target.yaml", 1, "compose/compose.volume-no-target.yaml:5:9:", "a `volumes` entry of `web` is not a"),
    ("compose/compose.volume-number.yaml", 1, "compose/compose.volume-number.yaml:5:9:", "a `volumes` entry of `web` is not a"),
    ("compose/compose.volumes-not-list.yaml", 1, "compose/compose.volumes-not-list.yaml:4:14:", "`volumes` of `web` is a string, not a"),
    ("env/bad.env", 1, "env/bad.env:3:1:", "`not a line` is not a variable assignment"),
    ("env/dash-name.env", 1, "env/dash-name.env:3:3:", "`bad-name=3` is not a variable assignment"),
    ("fly/fly.auto-stop-unknown.toml", 1, "fly/fly.auto-stop-unknown.toml:4:22:", "`auto_stop_machines` is \"sometimes\""),
    ("fly/fly.bad-toml.toml", 1, "fly/fly.bad-toml.toml:1:9:", "invalid TOML: invalid basic string"),
    ("fly/fly.comments-only.toml", 1, "fly/fly.comments-only.toml:1:1:", "the file has no settings: nothing to"),
    ("fly/fly.duplicate-key.toml", 1, "fly/fly.duplicate-key.toml:2:1:", "invalid TOML: duplicate key"),
    ("fly/fly.empty.toml", 1, "fly/fly.empty.toml:1:1:", "the file has no settings: nothing to"),
    ("fly/fly.env-duplicate-warns.toml", 0, "fly/fly.env-duplicate-warns.toml:4:1:", "key repeated in `[env]`"),
    ("fly/fly.gpu-kind-unknown.toml", 1, "fly/fly.gpu-kind-unknown.toml:3:12:", "unknown Fly GPU kind `tpu"),
    ("fly/fly.hard-limit-huge.toml", 1, "fly/fly.hard-limit-huge.toml:5:14:", "`hard_limit` is `1e308`; expected a"),
    ("fly/fly.hard-limit-string.toml", 1, "fly/fly.hard-limit-string.toml:5:14:", "`hard_limit` is \"many\"; expected a"),
    ("fly/fly.min-machines-negative.toml", 1, "fly/fly.min-machines-negative.toml:4:24:", "`min_machines_running` is `-2"),
    ("fly/fly.mount-size-negative.toml", 1, "fly/fly.mount-size-negative.toml:5:16:", "`initial_size` is \"-10gb\"; expected a size in GB"),
    ("fly/fly.nesting-bomb.toml", 1, "fly/fly.nesting-bomb.toml:1:69:", "nested more than 64 deep, past hostcast's cap (`MAX_NESTING`)"),
    ("fly/fly.not-utf8.toml", 1, "fly/fly.not-utf8.toml:1:11:", "the config is not UTF-8 text: byte 10"),
    ("fly/fly.processes-string.toml", 1, "fly/fly.processes-string.toml:2:13:", "`processes` is \"web\", not a table"),
    ("fly/fly.soft-limit-negative.toml", 1, "fly/fly.soft-limit-negative.toml:5:14:", "`soft_limit` is `-1`; expected a whole"),
    ("fly/fly.vm-cpu-kind-unknown.toml", 1, "fly/fly.vm-cpu-kind-unknown.toml:3:12:", "`cpu_kind` is \"quantum\""),
    ("fly/fly.vm-cpus-negative.toml", 1, "fly/fly.vm-cpus-negative.toml:3:8:", "`cpus` is `-1`; expected a whole number from 1 to 64"),
    ("fly/fly.vm-memory-nan.toml", 1, "fly/fly.vm-memory-nan.toml:3:10:", "`memory` is NaN; expected a memory size"),
    ("fly/fly.vm-size-unknown.toml", 1, "fly/fly.vm-size-unknown.toml:3:8:", "unknown Fly machine size"),
    ("overlay/adjustment-component-unknown.toml", 1, "overlay/adjustment-component-unknown.toml:17:15:", "no billing engine writes a `cpu` line"),
    ("overlay/exchange-rate-huge.toml", 1, "overlay/exchange-rate-huge.toml:11:9:", "to_usd.EUR.price is 1e308: an exchange rate"),
    ("overlay/not-utf8.toml", 1, "overlay/not-utf8.toml:8:15:", "the overlay is not UTF-8 text: byte 156"),
    ("overlay/price-nan.toml", 1, "overlay/price-nan.toml:11:9:", "sizes.shared-cpu-1x-1gb.price is NaN"),
    ("overlay/provider-unknown.toml", 1, "overlay/provider-unknown.toml:2:12:", "no price book of provider `flyy`"),
    ("overlay/schema-three.toml", 1, "overlay/schema-three.toml:1:10:", "unsupported overlay schema 3"),
    ("render/render.bad-yaml.yaml", 1, "render/render.bad-yaml.yaml:4:1:", "invalid YAML: while parsing a flow"),
    ("render/render.comments-only.yaml", 1, "render/render.comments-only.yaml:1:1:", "the file has no settings: nothing to"),
    ("render/render.cron-schedule-range.yaml", 1, "render/render.cron-schedule-range.yaml:5:13:", "`schedule` \"99 * * * *\" is not a cron"),
    ("render/render.cron-schedule-words.yaml", 1, "render/render.cron-schedule-words.yaml:5:13:", "`schedule` \"every night\" is not a cron"),
    ("render/render.databases-entry-string.yaml", 1, "render/render.databases-entry-string.yaml:2:3:", "an entry of `databases` is \"db\", not a mapping"),
    ("render/render.db-disk-nan.yaml", 1, "render/render.db-disk-nan.yaml:4:15:", "`diskSizeGB` is NaN; expected a size in"),
    ("render/render.db-disk-negative.yaml", 1, "render/render.db-disk-negative.yaml:4:15:", "`diskSizeGB` is `-5`; expected a size"),
    ("render/render.db-disk-string.yaml", 1, "render/render.db-disk-string.yaml:4:15:", "`diskSizeGB` is \"lots\"; expected a size"),
    ("render/render.db-ha-string.yaml", 1, "render/render.db-ha-string.yaml:5:14:", "`enabled` is \"maybe\"; expected `true` or `false`"),
    ("render/render.db-plan-unknown.yaml", 1, "render/render.db-plan-unknown.yaml:7:9:", "unknown Render Postgres plan `gigantic` for `db`"),
    ("render/render.db-replica-no-name.yaml", 1, "render/render.db-replica-no-name.yaml:5:5:", "a read replica of `db` has no `name`"),
    ("render/render.disk-inf.yaml", 1, "render/render.disk-inf.yaml:8:13:", "`sizeGB` is infinity; expected a size"),
    ("render/render.disk-nan.yaml", 1, "render/render.disk-nan.yaml:8:13:", "`sizeGB` is NaN; expected a size in GB"),
    ("render/render.disk-negative.yaml", 1, "render/render.disk-negative.yaml:8:13:", "`sizeGB` is `-1`; expected a size in GB"),
    ("render/render.disk-string-value.yaml", 1, "render/render.disk-string-value.yaml:5:9:", "`disk` is \"big\"; expected a mapping"),
    ("render/render.disk-string.yaml", 1, "render/render.disk-string.yaml:8:13:", "`sizeGB` is \"ten\"; expected a size in"),
    ("render/render.disk-zero.yaml", 1, "render/render.disk-zero.yaml:8:13:", "`sizeGB` is `0`; expected a size in GB"),
    ("render/render.empty.yaml", 1, "render/render.empty.yaml:1:1:", "the file has no settings: nothing to"),
    ("render/render.legacy-plan-warns.yaml", 0, "render/render.legacy-plan-warns.yaml:4:9:", "plan `starter plus` is written"),
    ("render/render.no-services.yaml", 1, "render/render.no-services.yaml:1:1:", "no service to price in the config"),
    ("render/render.not-utf8.yaml", 1, "render/render.not-utf8.yaml:3:12:", "the config is not UTF-8 text: byte 33"),
    ("render/render.num-instances-fraction.yaml", 1, "render/render.num-instances-fraction.yaml:5:17:", "`numInstances` is `1.5`; expected a"),
    ("render/render.num-instances-negative.yaml", 1, "render/render.num-instances-negative.yaml:5:17:", "`numInstances` is `-1`; expected a"),
    ("render/render.plan-list.yaml", 1, "render/render.plan-list.yaml:4:9:", "`plan` is a list; expected an instance type"),
    ("render/render.plan-unknown.yaml", 1, "render/render.plan-unknown.yaml:4:9:", "unknown Render instance type `mega` for"),
    ("render/render.runtime-unknown.yaml", 1, "render/render.runtime-unknown.yaml:5:12:", "`runtime` of `a` is \"cobol\", not a"),
    ("render/render.scaling-cpu-percent.yaml", 1, "render/render.scaling-cpu-percent.yaml:8:23:", "`targetCPUPercent` is `250`; expected a"),
    ("render/render.scaling-max-huge.yaml", 1, "render/render.scaling-max-huge.yaml:7:19:", "`maxInstances` is `1e308`; expected a"),
    ("render/render.scaling-min-above-max.yaml", 1, "render/render.scaling-min-above-max.yaml:6:5:", "`a`: minInstances 5 is above"),
    ("render/render.scaling-min-zero.yaml", 1, "render/render.scaling-min-zero.yaml:6:19:", "`minInstances` is `0`; expected a whole"),
    ("render/render.services-not-list.yaml", 1, "render/render.services-not-list.yaml:2:3:", "`services` is a table, not a list"),
    ("render/render.top-list.yaml", 1, "render/render.top-list.yaml:1:1:", "the file holds a list, not a Render"),
    ("render/render.type-unknown.yaml", 1, "render/render.type-unknown.yaml:2:9:", "unknown service type `lambda` for `a"),
    ("scenario/bad-toml.toml", 1, "scenario/bad-toml.toml:9:9:", "unclosed array table, expected `]"),
    ("scenario/concurrency-zero.toml", 1, "scenario/concurrency-zero.toml:8:15:", "`concurrency`: count must be a whole number between 1"),
    ("scenario/daily-active-above-one.toml", 1, "scenario/daily-active-above-one.toml:12:16:", "`daily_active`: fraction must be"),
    (
        "scenario/days-per-month-year.toml",
        1,
        "scenario/days-per-month-year.toml:3:18:",
        "`days_per_month`: number of days in a month must be between 28 and 31",
    ),
    ("scenario/duplicate-service.toml", 1, "scenario/duplicate-service.toml:5:8:", "two services are named `api"),
    ("scenario/empty.toml", 1, "scenario/empty.toml:1:1:", "the scenario is empty"),
    ("scenario/kind-unknown.toml", 1, "scenario/kind-unknown.toml:6:8:", "`kind`: unknown variant `mainframe"),
    ("scenario/max-instances-zero.toml", 1, "scenario/max-instances-zero.toml:8:17:", "`max_instances`: count must be a whole number between 1"),
    ("scenario/nesting-bomb.toml", 1, "scenario/nesting-bomb.toml:17:69:", "nested more than 64 deep, past hostcast's cap (`MAX_NESTING`)"),
    ("scenario/no-stage.toml", 1, "scenario/no-stage.toml:1:1:", "the scenario has no `[[stage]]"),
    ("scenario/not-utf8.toml", 1, "scenario/not-utf8.toml:2:16:", "the scenario is not UTF-8 text: byte 26"),
    ("scenario/platform-unknown.toml", 1, "scenario/platform-unknown.toml:16:12:", "`platform`: unknown variant `heroku"),
    ("scenario/render.yaml", 1, "scenario/render.yaml:1:1:", "this is a Render config, not a hostcast scenario"),
    ("scenario/requests-inf.toml", 1, "scenario/requests-inf.toml:7:25:", "`requests_per_user_day`: count per day"),
    ("scenario/schedule-bad.toml", 1, "scenario/schedule-bad.toml:7:12:", "service `api`: bad schedule: `61` is"),
    ("scenario/stage-name-too-long.toml", 1, "scenario/stage-name-too-long.toml:10:8:", "a stage name `Launch Launch"),
    ("scenario/string-users.toml", 1, "scenario/string-users.toml:11:9:", "`users`: invalid type: string \"lots\""),
    (
        "scenario/total-beyond-money.toml",
        1,
        "scenario/total-beyond-money.toml:16:8:",
        "option `Fly.io` at stage `MVP` costs 5.802e17 USD a month, beyond the $90,071,992,547,409.92",
    ),
    ("scenario/unknown-key.toml", 1, "scenario/unknown-key.toml:12:1:", "unknown field `userz`, expected one of"),
    ("scenario/users-nan.toml", 1, "scenario/users-nan.toml:11:9:", "`users`: user count must be a finite"),
    ("scenario/users-negative.toml", 1, "scenario/users-negative.toml:11:9:", "`users`: user count must be between 0"),
    ("vercel/vercel.array.json", 1, "vercel/vercel.array.json:1:1:", "the file holds a list, not a Vercel"),
    ("vercel/vercel.bad-json.json", 1, "vercel/vercel.bad-json.json:2:15:", "invalid JSON: while parsing a node, did"),
    ("vercel/vercel.cron-schedule-number.json", 1, "vercel/vercel.cron-schedule-number.json:3:40:", "`schedule` is `5`; expected a cron"),
    ("vercel/vercel.cron-schedule-words.json", 1, "vercel/vercel.cron-schedule-words.json:3:40:", "`schedule` \"every minute\" is not a cron"),
    ("vercel/vercel.crons-not-list.json", 1, "vercel/vercel.crons-not-list.json:2:12:", "`crons` is a table; expected a list of"),
    ("vercel/vercel.empty-object.json", 1, "vercel/vercel.empty-object.json:1:1:", "the file has no settings: nothing to"),
    ("vercel/vercel.empty.json", 1, "vercel/vercel.empty.json:1:1:", "the file has no settings: nothing to"),
    ("vercel/vercel.function-number.json", 1, "vercel/vercel.function-number.json:2:30:", "`api/a.ts` is `5`; expected a mapping"),
    ("vercel/vercel.max-duration-negative.json", 1, "vercel/vercel.max-duration-negative.json:3:34:", "`maxDuration` is `-5`; expected a"),
    ("vercel/vercel.max-duration-string.json", 1, "vercel/vercel.max-duration-string.json:3:34:", "`maxDuration` is \"long\"; expected a"),
    ("vercel/vercel.memory-huge.json", 1, "vercel/vercel.memory-huge.json:3:29:", "`memory` is `1e308`; expected a number"),
    ("vercel/vercel.not-utf8.json", 1, "vercel/vercel.not-utf8.json:2:15:", "the config is not UTF-8 text: byte 16"),
    ("vercel/vercel.regions-string.json", 1, "vercel/vercel.regions-string.json:2:14:", "`regions` is \"iad1\"; expected a list"),
];

fn corpus() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/malformed")
}

/// Runs the command that reads `file` (a path relative to the corpus folder).
fn run(file: &str, code: i32) -> Output {
    let args: Vec<&str> = match file.split('/').next() {
        Some("scenario") => vec!["compare", file],
        Some("book") => vec!["pricing", "diff", file, file],
        Some("overlay") => vec!["compare", "valid-scenario.toml", "--overlay", file],
        Some("env") => vec!["estimate", "--env-file", file, "compose/compose.unset-variable-warns.yaml"],
        _ if code == 0 => vec!["import", file],
        _ => vec!["estimate", file],
    };
    std::process::Command::new(env!("CARGO_BIN_EXE_hostcast"))
        .args(&args)
        .current_dir(corpus())
        .env("HOSTCAST_TODAY", "2026-12-01")
        .env_remove("HOSTCAST_OVERLAY")
        .env_remove("TAG")
        .output()
        .expect("the binary runs")
}

#[test]
fn every_malformed_file_ends_with_its_code_and_a_located_message() {
    let mut failures = Vec::new();
    for (file, code, at, fragment) in CASES {
        let out = run(file, code);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let first = stderr.lines().next().unwrap_or_default();
        let message = first.strip_prefix("error: ").or_else(|| first.strip_prefix("warning: ")).unwrap_or(first);
        let ok = out.status.code() == Some(code) && message.starts_with(&format!("{at} ")) && message.contains(fragment);
        if !ok {
            failures.push(format!("{file}: want exit {code} and `{at} …{fragment}…`, got exit {:?}: {first}", out.status.code()));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases:\n{}", failures.len(), CASES.len(), failures.join("\n"));
}

#[test]
fn every_file_of_the_corpus_is_in_the_table() {
    let mut files = Vec::new();
    for dir in fs_err::read_dir(corpus()).expect("corpus") {
        let dir = dir.expect("entry").path();
        if dir.is_dir() {
            for f in fs_err::read_dir(&dir).expect("folder") {
                let f = f.expect("entry").path();
                files.push(f.strip_prefix(corpus()).expect("inside").to_string_lossy().replace('\\', "/"));
            }
        }
    }
    files.sort();
    let listed: Vec<String> = CASES.iter().map(|c| c.0.to_string()).collect();
    let unlisted: Vec<&String> = files.iter().filter(|f| !listed.contains(f)).collect();
    let missing: Vec<&String> = listed.iter().filter(|f| !files.contains(f)).collect();
    assert!(unlisted.is_empty() && missing.is_empty(), "files without a row: {unlisted:?}; rows without a file: {missing:?}");
    assert_eq!(files, listed, "rows in `CASES` are in file order");
    assert!(files.len() >= 60, "{} files", files.len());
}
