//! A panel: title, description, kind and options, field config, queries, and its size on the grid.

use serde::Serialize;

use crate::datasource::DataSourceRef;
use crate::field_config::{Color, ColorMode, FieldColor, FieldDefaults, Override, Thresholds, ValueMapping};
use crate::layout::GridPos;
use crate::target::{PluginTarget, Target};
use crate::units::Unit;
use crate::viz::common::{Calc, LegendDisplayMode, LegendPlacement};
use crate::viz::timeseries::{StackingMode, ThresholdsStyleMode};
use crate::viz::{
    BarGaugeOptions, CustomFieldConfig, GaugeOptions, StatOptions, StateTimelineOptions, TableFieldConfig,
    TableOptions, TextOptions, TimeseriesOptions, Viz, VizOptions,
};

/// Default size of a panel that says nothing about it: half the grid, 8 units high.
const DEFAULT_SPAN: u32 = 12;
const DEFAULT_HEIGHT: u32 = 8;

/// A panel before placement. The dashboard builder assigns its id, refIds and grid position.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    pub(crate) id: Option<u32>,
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) viz: Viz,
    pub(crate) span: u32,
    pub(crate) height: u32,
    pub(crate) grid_pos: Option<GridPos>,
    pub(crate) defaults: FieldDefaults,
    pub(crate) overrides: Vec<Override>,
    pub(crate) targets: Vec<Target>,
    pub(crate) interval: Option<String>,
    /// Plugin queries that could not become targets, reported by the builder.
    pub(crate) query_errors: Vec<String>,
}

impl Panel {
    fn new(title: &str, viz: Viz) -> Self {
        Panel {
            id: None,
            title: title.into(),
            description: String::new(),
            viz,
            span: DEFAULT_SPAN,
            height: DEFAULT_HEIGHT,
            grid_pos: None,
            defaults: FieldDefaults::default(),
            overrides: Vec::new(),
            targets: Vec::new(),
            interval: None,
            query_errors: Vec::new(),
        }
    }

    /// A time series panel.
    pub fn timeseries(title: &str) -> Self {
        Panel::new(title, Viz::Timeseries(TimeseriesOptions::default(), Default::default()))
            .color(ColorMode::PaletteClassic)
    }

    /// A stat panel (one big number per series), coloured by its thresholds.
    pub fn stat(title: &str) -> Self {
        Panel::new(title, Viz::Stat(StatOptions::default())).color(ColorMode::Thresholds)
    }

    /// A gauge panel, coloured by its thresholds.
    pub fn gauge(title: &str) -> Self {
        Panel::new(title, Viz::Gauge(GaugeOptions::default())).color(ColorMode::Thresholds)
    }

    /// A bar gauge panel, coloured by its thresholds.
    pub fn bargauge(title: &str) -> Self {
        Panel::new(title, Viz::BarGauge(BarGaugeOptions::default())).color(ColorMode::Thresholds)
    }

    /// A table panel.
    pub fn table(title: &str) -> Self {
        Panel::new(title, Viz::Table(TableOptions::default(), TableFieldConfig::default())).color(ColorMode::Thresholds)
    }

    /// A state timeline panel, coloured by its thresholds.
    pub fn state_timeline(title: &str) -> Self {
        Panel::new(
            title,
            Viz::StateTimeline(StateTimelineOptions::default(), Default::default()),
        )
        .color(ColorMode::Thresholds)
    }

    /// A markdown text panel.
    pub fn text(title: &str, markdown: &str) -> Self {
        Panel::new(title, Viz::Text(TextOptions::markdown(markdown)))
    }

    /// What the panel shows, for someone who has never seen it.
    pub fn description(mut self, text: &str) -> Self {
        self.description = text.into();
        self
    }

    /// Width in grid columns (1–24).
    pub fn span(mut self, columns: u32) -> Self {
        self.span = columns;
        self
    }

    /// Height in grid units.
    pub fn height(mut self, units: u32) -> Self {
        self.height = units;
        self
    }

    /// Places the panel by hand instead of letting the builder flow it.
    pub fn at(mut self, pos: GridPos) -> Self {
        self.grid_pos = Some(pos);
        self
    }

    /// Fixes the panel id instead of letting the builder number it.
    pub fn id(mut self, id: u32) -> Self {
        self.id = Some(id);
        self
    }

    /// The unit of every field.
    pub fn unit(mut self, unit: Unit) -> Self {
        self.defaults.unit = Some(unit);
        self
    }

    /// Decimals shown.
    pub fn decimals(mut self, decimals: u8) -> Self {
        self.defaults.decimals = Some(decimals);
        self
    }

    /// Axis or gauge minimum.
    pub fn min(mut self, min: f64) -> Self {
        self.defaults.min = Some(min);
        self
    }

    /// Axis or gauge maximum.
    pub fn max(mut self, max: f64) -> Self {
        self.defaults.max = Some(max);
        self
    }

    /// How fields are coloured.
    pub fn color(mut self, mode: ColorMode) -> Self {
        self.defaults.color = Some(FieldColor {
            mode,
            fixed_color: None,
        });
        self
    }

    /// Threshold steps. On a time series they are also drawn as dashed lines and kept in view.
    pub fn thresholds(mut self, thresholds: Thresholds) -> Self {
        if let Viz::Timeseries(_, custom) = &mut self.viz {
            custom.thresholds_style.mode = ThresholdsStyleMode::Dashed;
            let top = thresholds
                .steps
                .iter()
                .filter_map(|s| s.value)
                .fold(f64::NEG_INFINITY, f64::max);
            if top.is_finite() {
                custom.axis_soft_max = Some(top);
            }
        }
        self.defaults.thresholds = Some(thresholds);
        self
    }

    /// Value mappings.
    pub fn mapping(mut self, mapping: ValueMapping) -> Self {
        self.defaults.mappings.push(mapping);
        self
    }

    /// Text shown when there is no value.
    pub fn no_value(mut self, text: &str) -> Self {
        self.defaults.no_value = Some(text.into());
        self
    }

    /// An override for some fields.
    pub fn with_override(mut self, o: Override) -> Self {
        self.overrides.push(o);
        self
    }

    /// Adds a query.
    pub fn target(mut self, target: impl Into<Target>) -> Self {
        self.targets.push(target.into());
        self
    }

    /// Adds a query of another data source plugin: `query`'s fields (a struct, or an enum tagged by its
    /// `kind`) beside the data source. A query that is not a JSON object is reported by `build()`.
    pub fn plugin_target(mut self, datasource: DataSourceRef, query: &impl serde::Serialize) -> Self {
        match PluginTarget::new(datasource, query) {
            Ok(target) => self.targets.push(target.into()),
            Err(e) => self.query_errors.push(e.to_string()),
        }
        self
    }

    /// Minimum query interval (e.g. the scrape interval).
    pub fn interval(mut self, interval: &str) -> Self {
        self.interval = Some(interval.into());
        self
    }

    /// Time series: stack the series.
    pub fn stacked(mut self) -> Self {
        if let Viz::Timeseries(_, custom) = &mut self.viz {
            custom.stacking.mode = StackingMode::Normal;
            custom.fill_opacity = 40;
        }
        self
    }

    /// Time series and state timeline: a legend table on the right with these reducers.
    pub fn legend_table(mut self, calcs: &[Calc]) -> Self {
        let legend = match &mut self.viz {
            Viz::Timeseries(o, _) => &mut o.legend,
            Viz::StateTimeline(o, _) => &mut o.legend,
            _ => return self,
        };
        legend.display_mode = LegendDisplayMode::Table;
        legend.placement = LegendPlacement::Right;
        legend.calcs = calcs.to_vec();
        self
    }

    /// Stat: paint the background rather than the text.
    pub fn background(mut self) -> Self {
        if let Viz::Stat(o) = &mut self.viz {
            o.color_mode = crate::viz::stat::ColorMode::Background;
            o.graph_mode = crate::viz::stat::GraphMode::None;
        }
        self
    }

    /// Table: colour cells by thresholds and mappings.
    pub fn colored_cells(mut self) -> Self {
        if let Viz::Table(_, custom) = &mut self.viz {
            custom.cell_options.kind = crate::viz::table::CellDisplay::ColorBackground;
        }
        self
    }

    /// Fixed colour for every field.
    pub fn fixed_color(mut self, color: Color) -> Self {
        self.defaults.color = Some(FieldColor {
            mode: ColorMode::Fixed,
            fixed_color: Some(color),
        });
        self
    }

    /// The title.
    pub fn title_text(&self) -> &str {
        &self.title
    }

    /// The queries.
    pub fn targets(&self) -> &[Target] {
        &self.targets
    }

    /// The field defaults (unit, thresholds, …).
    pub fn field_defaults(&self) -> &FieldDefaults {
        &self.defaults
    }

    /// The panel kind and options.
    pub fn viz(&self) -> &Viz {
        &self.viz
    }

    /// The data source of the panel: the targets' one if they agree, else Grafana's mixed source.
    fn datasource(&self) -> Option<DataSourceRef> {
        let first = self.targets.first()?.datasource();
        if self.targets.iter().all(|t| t.datasource() == first) {
            Some(first.clone())
        } else {
            Some(DataSourceRef::mixed())
        }
    }
}

/// A placed panel as Grafana stores it: keys in Grafana's order; a text panel has no field config nor targets.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PanelWire<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    id: u32,
    title: &'a str,
    description: &'a str,
    grid_pos: GridPos,
    #[serde(skip_serializing_if = "Option::is_none")]
    datasource: Option<DataSourceRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    interval: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    field_config: Option<FieldConfigWire<'a>>,
    options: VizOptions<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    targets: Option<&'a [Target]>,
}

/// `fieldConfig`: the defaults every field starts with, and the overrides.
#[derive(Serialize)]
struct FieldConfigWire<'a> {
    defaults: DefaultsWire<'a>,
    overrides: &'a [Override],
}

/// `fieldConfig.defaults`: the panel's field defaults followed by its kind's `custom` object, which lives in
/// the [`Viz`] rather than in [`FieldDefaults`] so that a kind's options and custom config stay together.
#[derive(Serialize)]
struct DefaultsWire<'a> {
    #[serde(flatten)]
    defaults: &'a FieldDefaults,
    #[serde(skip_serializing_if = "Option::is_none")]
    custom: Option<CustomFieldConfig<'a>>,
}

/// A panel with the id and position the builder gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedPanel {
    /// Its id, unique in the dashboard.
    pub id: u32,
    /// Its place.
    pub grid_pos: GridPos,
    /// The panel.
    pub panel: Panel,
}

impl Serialize for PlacedPanel {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let panel = &self.panel;
        let has_data = panel.viz.has_data();
        PanelWire {
            kind: panel.viz.type_id(),
            id: self.id,
            title: &panel.title,
            description: &panel.description,
            grid_pos: self.grid_pos,
            datasource: panel.datasource(),
            interval: panel.interval.as_deref(),
            field_config: has_data.then(|| FieldConfigWire {
                defaults: DefaultsWire {
                    defaults: &panel.defaults,
                    custom: panel.viz.custom(),
                },
                overrides: &panel.overrides,
            }),
            options: panel.viz.options(),
            targets: has_data.then_some(panel.targets.as_slice()),
        }
        .serialize(serializer)
    }
}
