//! The dashboard builder: panels give a span and a height, the builder places and numbers them.
//!
//! Mistakes are gathered, not raised one at a time: [`DashboardBuilder::build`] reports every problem it found
//! in one error, each naming the panel and the fix.

use std::collections::{BTreeMap, BTreeSet};

use crate::dashboard::{Annotation, AutoRefresh, CursorSync, Dashboard, DashboardLink, Item, Row, TimeRange};
use crate::layout::{Flow, GridPos, GRID_COLUMNS};
use crate::panel::Panel;
use crate::variable::Variable;

/// One problem found while building a dashboard.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    /// A panel has no title.
    #[error("panel #{index} has no title: give it one with Panel::<kind>(\"Title\")")]
    MissingTitle {
        /// Its position among the dashboard's panels, from 1.
        index: usize,
    },
    /// A span outside 1..=24.
    #[error("panel \"{title}\": span {span} is outside 1..=24; use .span(1..=24)")]
    Span {
        /// The panel.
        title: String,
        /// The span asked for.
        span: u32,
    },
    /// A height of 0.
    #[error("panel \"{title}\": height 0; use .height(1 or more)")]
    Height {
        /// The panel.
        title: String,
    },
    /// A hand-placed panel that passes column 24.
    #[error("panel \"{title}\": gridPos x {x} + w {w} passes column 24; move it left or narrow it")]
    PastGrid {
        /// The panel.
        title: String,
        /// Its x.
        x: u32,
        /// Its width.
        w: u32,
    },
    /// Two panels share an id.
    #[error("panels \"{first}\" and \"{second}\" both have id {id}; drop the .id() of one")]
    DuplicateId {
        /// The id.
        id: u32,
        /// The first panel with it.
        first: String,
        /// The second.
        second: String,
    },
    /// Two targets of a panel share a refId.
    #[error("panel \"{title}\": refId {ref_id} is used twice; leave refIds to the builder or make them unique")]
    DuplicateRefId {
        /// The panel.
        title: String,
        /// The refId.
        ref_id: String,
    },
    /// A plugin query that does not serialise to a JSON object of fields.
    #[error("panel \"{title}\": {message}")]
    Query {
        /// The panel.
        title: String,
        /// What is wrong with the query.
        message: String,
    },
    /// A hand-placed panel overlaps another one.
    #[error("panel \"{title}\" overlaps panel \"{other}\"; move one of them")]
    Overlap {
        /// The panel.
        title: String,
        /// The panel it overlaps.
        other: String,
    },
}

/// Every problem found by [`DashboardBuilder::build`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("dashboard \"{uid}\" has {} problem(s): {}", .errors.len(), .errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
pub struct BuildErrors {
    /// The dashboard's uid.
    pub uid: String,
    /// The problems, in panel order.
    pub errors: Vec<BuildError>,
}

enum Entry {
    Row(Row),
    Panel(Box<Panel>),
    EndRow,
}

/// Builds a [`Dashboard`]: metadata by setters, then rows and panels in reading order.
pub struct DashboardBuilder {
    dashboard: Dashboard,
    entries: Vec<Entry>,
    /// Reproducing a dashboard that exists: the authoring checks do not apply.
    as_stored: bool,
}

impl DashboardBuilder {
    /// A dashboard with this uid and title, the last 6 hours, refreshed every 30 s, a shared crosshair.
    pub fn new(uid: &str, title: &str) -> Self {
        DashboardBuilder {
            dashboard: Dashboard {
                uid: Some(uid.into()),
                title: title.into(),
                refresh: Some(AutoRefresh::Every("30s".into())),
                graph_tooltip: Some(CursorSync::Crosshair),
                version: Some(1),
                ..Dashboard::default()
            },
            entries: Vec::new(),
            as_stored: false,
        }
    }

    /// Starts from a dashboard's metadata (its items are dropped), to reproduce a dashboard that exists (what
    /// `dash import` generates): its panels are taken as they are, so the authoring checks (titles, sizes,
    /// overlaps, unique ids) do not apply; only a plugin query that cannot be written is reported.
    pub fn from_dashboard(mut dashboard: Dashboard) -> Self {
        dashboard.items.clear();
        DashboardBuilder {
            dashboard,
            entries: Vec::new(),
            as_stored: true,
        }
    }

    /// What the dashboard is for.
    pub fn description(mut self, text: &str) -> Self {
        self.dashboard.description = Some(text.into());
        self
    }

    /// Tags for search.
    pub fn tags(mut self, tags: &[&str]) -> Self {
        self.dashboard.tags = tags.iter().map(|t| (*t).to_owned()).collect();
        self
    }

    /// Auto-refresh interval (`""`: off).
    pub fn refresh(mut self, every: &str) -> Self {
        self.dashboard.refresh = Some(AutoRefresh::Every(every.into()));
        self
    }

    /// Default time range.
    pub fn time(mut self, from: &str, to: &str) -> Self {
        self.dashboard.time = Some(TimeRange {
            from: from.into(),
            to: to.into(),
            ..TimeRange::default()
        });
        self
    }

    /// Time zone: `browser`, `utc` or a zone name.
    pub fn timezone(mut self, timezone: &str) -> Self {
        self.dashboard.timezone = Some(timezone.into());
        self
    }

    /// What hovering a graph shows on the others.
    pub fn cursor_sync(mut self, sync: CursorSync) -> Self {
        self.dashboard.graph_tooltip = Some(sync);
        self
    }

    /// Adds a template variable.
    pub fn variable(mut self, variable: Variable) -> Self {
        self.dashboard.templating.list.push(variable);
        self
    }

    /// Adds an annotation query.
    pub fn annotation(mut self, annotation: Annotation) -> Self {
        self.dashboard.annotations.list.push(annotation);
        self
    }

    /// Adds a header link.
    pub fn link(mut self, link: DashboardLink) -> Self {
        self.dashboard.links.get_or_insert_with(Vec::new).push(link);
        self
    }

    /// Starts an open row: the panels added after it sit under it.
    pub fn row(mut self, title: &str) -> Self {
        self.entries.push(Entry::Row(Row {
            title: title.into(),
            ..Row::default()
        }));
        self
    }

    /// Starts a collapsed row: the panels added after it are folded inside it.
    pub fn collapsed_row(mut self, title: &str) -> Self {
        self.entries.push(Entry::Row(Row {
            title: title.into(),
            collapsed: true,
            ..Row::default()
        }));
        self
    }

    /// Starts a row given whole (repeat, fixed id or place, kept keys); its panels, if any, come first under it.
    pub fn row_of(mut self, row: Row) -> Self {
        self.entries.push(Entry::Row(row));
        self
    }

    /// Ends the current row: the panels added next sit on the dashboard itself. After a collapsed row they show
    /// under its header while it is folded (Grafana keeps such panels outside the row).
    pub fn end_row(mut self) -> Self {
        self.entries.push(Entry::EndRow);
        self
    }

    /// Adds a panel to the current row (or the top, before any row).
    pub fn panel(mut self, panel: Panel) -> Self {
        self.entries.push(Entry::Panel(Box::new(panel)));
        self
    }

    /// Places and numbers every panel, or reports every problem found.
    pub fn build(self) -> Result<Dashboard, BuildErrors> {
        let mut errors = Vec::new();
        let fixed_ids: BTreeSet<u32> = self
            .entries
            .iter()
            .filter_map(|e| match e {
                Entry::Panel(p) => p.id,
                Entry::Row(r) => r.id,
                Entry::EndRow => None,
            })
            .collect();
        let mut next_id = 1;
        let mut fresh_id = || {
            while fixed_ids.contains(&next_id) {
                next_id += 1;
            }
            next_id += 1;
            next_id - 1
        };
        let mut owners: BTreeMap<u32, String> = BTreeMap::new();
        let mut flow = Flow::default();
        let mut placed_on_grid: Vec<(GridPos, String)> = Vec::new();
        let mut items: Vec<Item> = Vec::new();
        let mut in_row = false;

        for (index, entry) in self.entries.into_iter().enumerate() {
            match entry {
                Entry::Row(mut row) => {
                    let grid_pos = flow.row(row.grid_pos, row.collapsed);
                    placed_on_grid.push((grid_pos, row.title.clone()));
                    row.grid_pos = Some(grid_pos);
                    row.id = Some(row.id.unwrap_or_else(&mut fresh_id));
                    items.push(Item::Row(row));
                    in_row = true;
                }
                Entry::EndRow => {
                    in_row = false;
                    flow.end_row();
                }
                Entry::Panel(panel) => {
                    let mut panel = *panel;
                    check_panel(&panel, index + 1, &mut errors);
                    assign_ref_ids(&mut panel, &mut errors);
                    let grid_pos = flow.panel(panel.grid_pos, panel.span, panel.height.max(1));
                    if !flow.in_collapsed_row() {
                        for (other_pos, other) in &placed_on_grid {
                            if grid_pos.overlaps(other_pos) {
                                errors.push(BuildError::Overlap {
                                    title: panel.title.clone(),
                                    other: other.clone(),
                                });
                            }
                        }
                        placed_on_grid.push((grid_pos, panel.title.clone()));
                    }
                    let id = panel.id.unwrap_or_else(&mut fresh_id);
                    if let Some(first) = owners.insert(id, panel.title.clone()) {
                        errors.push(BuildError::DuplicateId {
                            id,
                            first,
                            second: panel.title.clone(),
                        });
                    }
                    panel.id = Some(id);
                    panel.grid_pos = Some(grid_pos);
                    if panel.datasource.is_none() && panel.datasource_from_targets {
                        panel.datasource = panel.targets_datasource();
                    }
                    match items.last_mut() {
                        Some(Item::Row(row)) if in_row => row.panels.push(panel),
                        _ => items.push(Item::Panel(Box::new(panel))),
                    }
                }
            }
        }
        if self.as_stored {
            errors.retain(|e| matches!(e, BuildError::Query { .. }));
        }
        if !errors.is_empty() {
            return Err(BuildErrors {
                uid: self.dashboard.uid().to_owned(),
                errors,
            });
        }
        Ok(Dashboard {
            items,
            ..self.dashboard
        })
    }
}

fn check_panel(panel: &Panel, index: usize, errors: &mut Vec<BuildError>) {
    if panel.title.trim().is_empty() {
        errors.push(BuildError::MissingTitle { index });
    }
    for message in &panel.query_errors {
        errors.push(BuildError::Query {
            title: panel.title.clone(),
            message: message.clone(),
        });
    }
    if !(1..=GRID_COLUMNS).contains(&panel.span) {
        errors.push(BuildError::Span {
            title: panel.title.clone(),
            span: panel.span,
        });
    }
    if panel.height == 0 {
        errors.push(BuildError::Height {
            title: panel.title.clone(),
        });
    }
    if let Some(pos) = panel.grid_pos {
        if pos.x + pos.w > GRID_COLUMNS || pos.w == 0 {
            errors.push(BuildError::PastGrid {
                title: panel.title.clone(),
                x: pos.x,
                w: pos.w,
            });
        }
    }
}

/// Gives unnamed targets the first free letters A, B, C, … and reports names used twice.
fn assign_ref_ids(panel: &mut Panel, errors: &mut Vec<BuildError>) {
    let targets = panel.targets.as_deref_mut().unwrap_or_default();
    for ref_id in crate::target::assign_ref_ids(targets) {
        errors.push(BuildError::DuplicateRefId {
            title: panel.title.clone(),
            ref_id,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::target::{PrometheusTarget, Target};
    use crate::DataSourceRef;

    fn prom(expr: &str) -> Target {
        Target::Prometheus(PrometheusTarget::new(
            DataSourceRef::variable("prometheus", "datasource"),
            expr,
        ))
    }

    #[test]
    fn ids_are_assigned_in_order_and_skip_fixed_ones() {
        let dash = DashboardBuilder::new("u", "T")
            .panel(Panel::stat("a"))
            .panel(Panel::stat("b").id(2))
            .panel(Panel::stat("c"))
            .build()
            .expect("builds");
        let ids: Vec<u32> = dash.panels().filter_map(|p| p.id).collect();
        assert_eq!(ids, vec![1, 2, 3]);
    }

    #[test]
    fn ref_ids_are_letters_in_order_around_fixed_ones() {
        let mut fixed = prom("up");
        fixed.set_ref_id("A".into());
        let dash = DashboardBuilder::new("u", "T")
            .panel(
                Panel::timeseries("t")
                    .target(prom("up"))
                    .target(fixed)
                    .target(prom("up")),
            )
            .build()
            .expect("builds");
        let panel = dash.panels().next().expect("one panel");
        let refs: Vec<_> = panel.targets().iter().map(|t| t.ref_id().unwrap_or("")).collect();
        assert_eq!(refs, vec!["B", "A", "C"]);
    }

    #[test]
    fn ref_id_names_follow_grafana_after_z() {
        assert_eq!(crate::target::ref_id_name(0), "A");
        assert_eq!(crate::target::ref_id_name(25), "Z");
        assert_eq!(crate::target::ref_id_name(26), "AA");
        assert_eq!(crate::target::ref_id_name(27), "AB");
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let err = DashboardBuilder::new("u", "T")
            .panel(Panel::stat("").span(30))
            .panel(Panel::stat("x").id(7))
            .panel(Panel::stat("y").id(7).height(0))
            .build()
            .expect_err("three panels are wrong");
        assert_eq!(err.errors.len(), 4, "{err}");
        assert!(err.to_string().contains("both have id 7"));
    }

    #[test]
    fn a_hand_placed_panel_overlapping_another_is_an_error() {
        let err = DashboardBuilder::new("u", "T")
            .panel(Panel::stat("a").span(12).height(4))
            .panel(Panel::stat("b").at(GridPos::new(6, 0, 6, 4)))
            .build()
            .expect_err("b overlaps a");
        assert_eq!(
            err.errors,
            vec![BuildError::Overlap {
                title: "b".into(),
                other: "a".into()
            }]
        );
    }

    #[test]
    fn rows_put_their_panels_below_them() {
        let dash = DashboardBuilder::new("u", "T")
            .panel(Panel::stat("top").span(24).height(3))
            .row("R")
            .panel(Panel::stat("under"))
            .build()
            .expect("builds");
        let json = dash.to_json();
        let panels = json["panels"].as_array().expect("panels");
        assert_eq!(panels[1]["type"], "row");
        assert_eq!(panels[1]["gridPos"]["y"], 3);
        assert_eq!(panels[2]["gridPos"]["y"], 4);
    }

    #[test]
    fn a_collapsed_row_holds_its_panels() {
        let dash = DashboardBuilder::new("u", "T")
            .collapsed_row("R")
            .panel(Panel::stat("inside"))
            .build()
            .expect("ok");
        let json = dash.to_json();
        assert_eq!(json["panels"].as_array().map(Vec::len), Some(1));
        assert_eq!(json["panels"][0]["panels"][0]["title"], "inside");
    }
}
