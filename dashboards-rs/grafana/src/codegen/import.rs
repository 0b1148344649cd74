//! A dashboard as the Rust source that builds it with [`crate::DashboardBuilder`].

use crate::codegen::{Expr, Imports, ToRust};
use crate::dashboard::{Dashboard, Item, Row};
use crate::datasource::DataSourceRef;
use crate::field_config::ColorMode;
use crate::layout::{Flow, GridPos};
use crate::panel::Panel;
use crate::target::{ref_id_name, PrometheusTarget, Target};
use crate::viz::Viz;

/// The crate the generated code uses.
const CRATE: &str = "grafana_dashboards";

/// What `dash import` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A module: the `use` lines and `pub fn dashboard() -> Result<Dashboard, BuildErrors>`.
    Function,
    /// A whole `main.rs` that writes the dashboard's JSON to standard output.
    Main,
}

/// The Rust source that rebuilds `dashboard`: see [`Source`].
pub fn import(dashboard: &Dashboard, source: Source) -> String {
    let mut imports = Imports::default();
    imports.add(&format!("{CRATE}::BuildErrors"));
    imports.add(&format!("{CRATE}::Dashboard"));
    let mut chain = builder(dashboard).then("build", Vec::new());
    // The data source most panels use is named once, as a person would.
    let mut statements = String::new();
    if let Some(datasource) = most_used_datasource(dashboard) {
        let name = binding_name(&datasource);
        let named = Expr::Atom(format!("{name}.clone()"));
        let value = datasource.to_rust();
        if chain.replace(&value, &named) > 1 {
            statements = format!("let {name} = {};\n    ", value.write(4, &mut imports));
        } else {
            chain.replace(&named, &value);
        }
    }
    let body = format!("{statements}{}", chain.write(4, &mut imports));
    let function = format!(
        "/// {}, as the builder writes it.\npub fn dashboard() -> Result<Dashboard, BuildErrors> {{\n    {body}\n}}\n",
        doc_title(dashboard)
    );
    match source {
        Source::Function => format!("{}\n{function}", imports.lines()),
        Source::Main => format!(
            "//! Writes the dashboard \"{}\" as Grafana's JSON to standard output.\n\n{}\n{function}\n{}",
            dashboard.title().replace('"', "'"),
            imports.lines(),
            MAIN
        ),
    }
}

/// [`import`] as a whole `main.rs`.
pub fn main_rs(dashboard: &Dashboard) -> String {
    import(dashboard, Source::Main)
}

const MAIN: &str = r#"fn main() -> std::process::ExitCode {
    match dashboard() {
        Ok(dashboard) => {
            print!("{}", dashboard.to_pretty_json());
            std::process::ExitCode::SUCCESS
        }
        Err(errors) => {
            eprintln!("{errors}");
            std::process::ExitCode::FAILURE
        }
    }
}
"#;

fn doc_title(dashboard: &Dashboard) -> String {
    let title = dashboard.title().trim();
    if title.is_empty() {
        "The dashboard".into()
    } else {
        format!("The dashboard \"{title}\"")
    }
}

/// `DashboardBuilder::from_dashboard(…)` and a call per row and panel.
fn builder(dashboard: &Dashboard) -> Expr {
    let metadata = dashboard.to_rust();
    let mut chain = Expr::call(Expr::path(CRATE, "DashboardBuilder::from_dashboard"), vec![metadata]);
    let pin_ids = !ids_are_the_builders(dashboard);
    let mut flow = Flow::default();
    let mut after_row = false;
    for item in dashboard.items() {
        match item {
            Item::Panel(panel) => {
                if std::mem::take(&mut after_row) {
                    chain = chain.then("end_row", Vec::new());
                    flow.end_row();
                }
                chain = chain.then("panel", vec![panel_expr(panel, &mut flow, pin_ids)]);
            }
            Item::Row(row) => {
                chain = row_call(chain, row, &mut flow, pin_ids);
                after_row = true;
                for panel in &row.panels {
                    chain = chain.then("panel", vec![panel_expr(panel, &mut flow, pin_ids)]);
                }
            }
        }
    }
    chain
}

/// A variable name for a data source: its plugin type (`prometheus`), else `source`.
fn binding_name(datasource: &DataSourceRef) -> String {
    let kind = datasource.kind.as_deref().unwrap_or("");
    let name: String = kind
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    let reserved = [
        "datasource",
        "dashboard",
        "panel",
        "target",
        "variable",
        "layout",
        "units",
        "viz",
        "self",
        "type",
    ];
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) || reserved.contains(&name.as_str()) {
        "source".into()
    } else {
        name
    }
}

/// The data source that panels and targets name most often.
fn most_used_datasource(dashboard: &Dashboard) -> Option<DataSourceRef> {
    let mut counts: Vec<(DataSourceRef, usize)> = Vec::new();
    for panel in dashboard.panels() {
        let named = panel
            .datasource
            .iter()
            .chain(panel.targets().iter().filter_map(Target::datasource));
        for datasource in named {
            match counts.iter_mut().find(|(d, _)| d == datasource) {
                Some((_, n)) => *n += 1,
                None => counts.push((datasource.clone(), 1)),
            }
        }
    }
    counts.into_iter().max_by_key(|(_, n)| *n).map(|(d, _)| d)
}

/// Whether the stored ids are 1, 2, 3, … in order, rows included: what the builder assigns.
fn ids_are_the_builders(dashboard: &Dashboard) -> bool {
    let mut ids = Vec::new();
    for item in dashboard.items() {
        match item {
            Item::Panel(panel) => ids.push(panel.id),
            Item::Row(row) => {
                ids.push(row.id);
                ids.extend(row.panels.iter().map(|p| p.id));
            }
        }
    }
    ids.iter().zip(1..).all(|(id, n)| *id == Some(n))
}

/// Where the flow puts the next item, or `.at()` when it would not put it where it is.
enum Place {
    Flow,
    At(GridPos),
}

fn place(flow: &mut Flow, stored: Option<GridPos>, placed: impl Fn(&mut Flow) -> GridPos) -> Place {
    let mut trial = flow.clone();
    let flowed = placed(&mut trial);
    match stored {
        Some(pos) if pos != flowed => Place::At(pos),
        _ => {
            *flow = trial;
            Place::Flow
        }
    }
}

fn row_call(chain: Expr, row: &Row, flow: &mut Flow, pin_ids: bool) -> Expr {
    let place = place(flow, row.grid_pos, |f| f.row(None, row.collapsed));
    if let Place::At(pos) = place {
        flow.row(Some(pos), row.collapsed);
    }
    let plain = matches!(place, Place::Flow) && !pin_ids && row.repeat.is_none() && row.extra.is_empty();
    if plain {
        let method = if row.collapsed { "collapsed_row" } else { "row" };
        return chain.then(method, vec![Expr::str(&row.title)]);
    }
    let mut fields = Vec::new();
    if pin_ids {
        fields.push(("id", row.id.to_rust()));
    }
    fields.push(("title", row.title.to_rust()));
    if let Place::At(pos) = place {
        fields.push(("grid_pos", Some(pos).to_rust()));
    }
    if row.collapsed {
        fields.push(("collapsed", true.to_rust()));
    }
    if row.repeat.is_some() {
        fields.push(("repeat", row.repeat.to_rust()));
    }
    if !row.extra.is_empty() {
        fields.push(("extra", row.extra.to_rust()));
    }
    chain.then(
        "row_of",
        vec![Expr::structure("grafana_dashboards::dashboard", "Row", fields, 7)],
    )
}

/// `Panel::of(title, viz)` and a call for everything else the panel has.
fn panel_expr(panel: &Panel, flow: &mut Flow, pin_ids: bool) -> Expr {
    let fresh = Panel::of(&panel.title, panel.viz.clone());
    let mut calls: Vec<(&str, Vec<Expr>)> = Vec::new();
    let mut set = |method: &'static str, args: Vec<Expr>| calls.push((method, args));

    if pin_ids {
        if let Some(id) = panel.id {
            set("id", vec![id.to_rust()]);
        }
    }
    let (w, h) = panel.grid_pos.map_or((fresh.span, fresh.height), |p| (p.w, p.h));
    match place(flow, panel.grid_pos, |f| f.panel(None, w, h)) {
        Place::Flow => {
            if w != fresh.span {
                set("span", vec![w.to_rust()]);
            }
            if h != fresh.height {
                set("height", vec![h.to_rust()]);
            }
        }
        Place::At(pos) => {
            flow.panel(Some(pos), w, h);
            set("at", vec![pos.to_rust()]);
        }
    }
    if let Some(description) = &panel.description {
        set("description", vec![Expr::str(description)]);
    }
    let derived = panel.targets_datasource();
    match (&panel.datasource, &derived) {
        (ours, theirs) if ours == theirs => {}
        (Some(ours), _) => set("datasource", vec![ours.to_rust()]),
        (None, _) => set("no_datasource", Vec::new()),
    }
    if panel.field_config != fresh.field_config {
        match (&panel.field_config, field_config_calls(panel, &fresh)) {
            (_, Some(calls)) => calls.into_iter().for_each(|(method, args)| set(method, args)),
            (Some(fc), None) => set("field_config", vec![fc.to_rust()]),
            (None, None) => set("with", vec![assign("field_config", &Expr::Atom("None".into()))]),
        }
    }
    let builder_ref_ids = panel
        .targets()
        .iter()
        .enumerate()
        .all(|(n, t)| t.ref_id() == Some(ref_id_name(n).as_str()));
    for target in panel.targets() {
        set("target", vec![target_expr(target, builder_ref_ids)]);
    }
    match (&panel.targets, &fresh.targets) {
        (None, Some(_)) => set("with", vec![assign("targets", &Expr::Atom("None".into()))]),
        (Some(t), None) if t.is_empty() => set("with", vec![assign("targets", &Expr::Atom("Some(Vec::new())".into()))]),
        _ => {}
    }
    if let Some(interval) = &panel.interval {
        set("interval", vec![Expr::str(interval)]);
    }
    if let Some(points) = panel.max_data_points {
        set("max_data_points", vec![points.to_rust()]);
    }
    if let Some(range) = &panel.time_from {
        set("time_from", vec![Expr::str(range)]);
    }
    if let Some(shift) = &panel.time_shift {
        set("time_shift", vec![Expr::str(shift)]);
    }
    for transformation in panel.transformations.iter().flatten() {
        set("transformation", vec![transformation.to_rust()]);
    }
    if panel.transformations.as_ref().is_some_and(Vec::is_empty) {
        set(
            "with",
            vec![assign("transformations", &Expr::Atom("Some(Vec::new())".into()))],
        );
    }
    if let Some(version) = &panel.plugin_version {
        set("plugin_version", vec![Expr::str(version)]);
    }
    let fields: [(&str, Expr, bool); 8] = [
        (
            "hide_time_override",
            panel.hide_time_override.to_rust(),
            panel.hide_time_override.is_some(),
        ),
        ("transparent", panel.transparent.to_rust(), panel.transparent.is_some()),
        ("repeat", panel.repeat.to_rust(), panel.repeat.is_some()),
        (
            "repeat_direction",
            panel.repeat_direction.to_rust(),
            panel.repeat_direction.is_some(),
        ),
        ("max_per_row", panel.max_per_row.to_rust(), panel.max_per_row.is_some()),
        ("links", panel.links.to_rust(), panel.links.is_some()),
        (
            "library_panel",
            panel.library_panel.to_rust(),
            panel.library_panel.is_some(),
        ),
        ("extra", panel.extra.to_rust(), !panel.extra.is_empty()),
    ];
    for (field, value, present) in fields {
        if present {
            set("with", vec![assign(field, &value)]);
        }
    }
    let base = Expr::call(
        Expr::path(CRATE, "Panel::of"),
        vec![Expr::str(&panel.title), panel.viz.to_rust()],
    );
    calls
        .into_iter()
        .fold(base, |chain, (method, args)| chain.then(method, args))
}

/// The field config as the builder's setters (`.unit()`, `.thresholds()`, `.mapping()`, …) on a fresh panel,
/// when applying them gives exactly the stored one; `None` sends the caller to a literal.
fn field_config_calls(panel: &Panel, fresh: &Panel) -> Option<Vec<(&'static str, Vec<Expr>)>> {
    let stored = panel.field_config.as_ref()?;
    let d = &stored.defaults;
    if fresh.field_config.is_none() || !stored.extra.is_empty() || !d.extra.is_empty() || d.display_name.is_some() {
        return None;
    }
    let mut built = fresh.clone();
    let mut calls: Vec<(&'static str, Vec<Expr>)> = Vec::new();
    if let Some(unit) = &d.unit {
        built = built.unit(unit.clone());
        calls.push(("unit", vec![unit.to_rust()]));
    }
    if let Some(decimals) = d.decimals {
        built = built.decimals(decimals);
        calls.push(("decimals", vec![decimals.to_rust()]));
    }
    if let Some(min) = d.min {
        built = built.min(min);
        calls.push(("min", vec![min.to_rust()]));
    }
    if let Some(max) = d.max {
        built = built.max(max);
        calls.push(("max", vec![max.to_rust()]));
    }
    if let Some(color) = &d.color {
        match (&color.mode, &color.fixed_color) {
            (ColorMode::Fixed, Some(fixed)) => {
                built = built.fixed_color(fixed.clone());
                calls.push(("fixed_color", vec![fixed.to_rust()]));
            }
            (mode, None) => {
                built = built.color(mode.clone());
                calls.push(("color", vec![mode.to_rust()]));
            }
            _ => return None,
        }
    }
    if let Some(thresholds) = &d.thresholds {
        // On a time series `.thresholds()` also draws them; the literal says exactly what is stored.
        if matches!(panel.viz, Viz::Timeseries(..)) {
            return None;
        }
        built = built.thresholds(thresholds.clone());
        calls.push(("thresholds", vec![thresholds.to_rust()]));
    }
    for mapping in d.mappings.iter().flatten() {
        built = built.mapping(mapping.clone());
        calls.push(("mapping", vec![mapping.to_rust()]));
    }
    if let Some(text) = &d.no_value {
        built = built.no_value(text);
        calls.push(("no_value", vec![Expr::str(text)]));
    }
    for o in &stored.overrides {
        built = built.with_override(o.clone());
        calls.push(("with_override", vec![o.to_rust()]));
    }
    (built.field_config == panel.field_config).then_some(calls)
}

/// `|p| p.field = value`.
fn assign(field: &str, value: &Expr) -> Expr {
    Expr::Assign(format!("|p| p.{field}"), Box::new(value.clone()))
}

/// A target: `PrometheusTarget::new(…)` and its methods when they rebuild it exactly, else a literal.
fn target_expr(target: &Target, builder_ref_ids: bool) -> Expr {
    let mut target = target.clone();
    if builder_ref_ids {
        target.clear_ref_id();
    }
    match &target {
        Target::Prometheus(t) => prometheus(t).unwrap_or_else(|| t.to_rust()),
        Target::Plugin(t) => t.to_rust(),
    }
}

/// `PrometheusTarget::new(ds, expr)` with `.legend()`, `.instant()`, `.format()`, `.ref_id()`, when they give
/// exactly `t`.
fn prometheus(t: &PrometheusTarget) -> Option<Expr> {
    let datasource = t.datasource.clone()?;
    let mut built = PrometheusTarget::new(datasource.clone(), t.expr.clone());
    let mut chain = Expr::call(
        Expr::path(CRATE, "PrometheusTarget::new"),
        vec![datasource.to_rust(), Expr::str(&t.expr)],
    );
    if let Some(legend) = t.legend_format.as_deref().filter(|l| !l.is_empty()) {
        built = built.legend(legend);
        chain = chain.then("legend", vec![Expr::str(legend)]);
    }
    if t.instant == Some(true) {
        built = built.instant();
        chain = chain.then("instant", Vec::new());
    }
    if let Some(format) = t.format.filter(|f| Some(*f) != built.format) {
        built = built.format(format);
        chain = chain.then("format", vec![format.to_rust()]);
    }
    if let Some(ref_id) = &t.ref_id {
        built = built.ref_id(ref_id);
        chain = chain.then("ref_id", vec![Expr::str(ref_id)]);
    }
    (&built == t).then_some(chain)
}
