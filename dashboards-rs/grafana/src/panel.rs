//! A panel: title, description, kind and options, field config, queries, and its place on the grid.

use crate::codegen::ToRust;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::datasource::DataSourceRef;
use crate::field_config::{Color, ColorMode, FieldColor, FieldDefaults, Override, Thresholds, ValueMapping};
use crate::layout::GridPos;
use crate::target::{PluginTarget, Target};
use crate::transformation::Transformation;
use crate::units::Unit;
use crate::viz::common::{Calc, LegendDisplayMode, LegendPlacement, Visibility};
use crate::viz::timeseries::{StackingMode, ThresholdsStyleMode};
use crate::viz::{
    BarGaugeOptions, GaugeOptions, StatOptions, StateTimelineOptions, TableOptions, TextOptions, TimeseriesFieldConfig,
    TimeseriesOptions, Viz,
};
use crate::Extra;

/// Default size of a panel that says nothing about it: half the grid, 8 units high.
const DEFAULT_SPAN: u32 = 12;
const DEFAULT_HEIGHT: u32 = 8;

/// `fieldConfig`: the defaults every field starts with (but `custom`, which is the kind's and lives in the
/// panel's [`Viz`]), and the overrides.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct FieldConfig {
    /// What every field starts with.
    pub defaults: FieldDefaults,
    /// Changes for some fields.
    pub overrides: Vec<Override>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// How repeated panels are laid out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
pub enum RepeatDirection {
    /// Side by side.
    #[default]
    #[serde(rename = "h")]
    Horizontal,
    /// One under the other.
    #[serde(rename = "v")]
    Vertical,
}

/// A link in a panel's header.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct PanelLink {
    /// Text.
    pub title: String,
    /// Address (may use variables).
    pub url: String,
    /// Open in a new tab.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_blank: Option<bool>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A library panel a dashboard panel stands for: Grafana draws the library panel's model in its place.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct LibraryPanelRef {
    /// The library panel's uid.
    pub uid: String,
    /// Its name.
    pub name: String,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A panel: what Grafana stores in a dashboard's `panels`, and the builder's size hints.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    /// Its id, unique in the dashboard; the builder numbers panels without one.
    pub id: Option<u32>,
    /// The title.
    pub title: String,
    /// What the panel shows, for someone who has never seen it.
    pub description: Option<String>,
    /// The kind, its options and custom field config.
    pub viz: Viz,
    /// Its place; the builder flows panels without one.
    pub grid_pos: Option<GridPos>,
    /// Width in columns when the builder places it.
    pub span: u32,
    /// Height in grid units when the builder places it.
    pub height: u32,
    /// The panel's data source (the builder derives it from the targets when unset).
    pub datasource: Option<DataSourceRef>,
    /// Field defaults and overrides.
    pub field_config: Option<FieldConfig>,
    /// The queries.
    pub targets: Option<Vec<Target>>,
    /// Transformations of the query results.
    pub transformations: Option<Vec<Transformation>>,
    /// Minimum query interval (e.g. the scrape interval).
    pub interval: Option<String>,
    /// Most points a query returns.
    pub max_data_points: Option<u32>,
    /// A relative time range of its own (`1h`).
    pub time_from: Option<String>,
    /// A shift of the time range (`1d`).
    pub time_shift: Option<String>,
    /// Hide the time override in the header.
    pub hide_time_override: Option<bool>,
    /// No background.
    pub transparent: Option<bool>,
    /// The variable it repeats by.
    pub repeat: Option<String>,
    /// How repeats are laid out.
    pub repeat_direction: Option<RepeatDirection>,
    /// Repeats per row, horizontally.
    pub max_per_row: Option<u32>,
    /// Header links.
    pub links: Option<Vec<PanelLink>>,
    /// The library panel it stands for.
    pub library_panel: Option<LibraryPanelRef>,
    /// The version of the panel plugin that saved it.
    pub plugin_version: Option<String>,
    /// Keys this crate does not model, kept as read.
    pub extra: Extra,
    /// Plugin queries that could not become targets, reported by the builder.
    pub(crate) query_errors: Vec<String>,
    /// Whether the builder sets an unset `datasource` from the targets' (panels read from JSON keep theirs).
    pub(crate) datasource_from_targets: bool,
}

/// A panel as stored, but for `type`, `options` and `fieldConfig.defaults.custom`, which are its [`Viz`].
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PanelWire {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<u32>,
    #[serde(default)]
    title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    grid_pos: Option<GridPos>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    datasource: Option<DataSourceRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    targets: Option<Vec<Target>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    transformations: Option<Vec<Transformation>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    interval: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_data_points: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    time_from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    time_shift: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hide_time_override: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    transparent: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    repeat: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    repeat_direction: Option<RepeatDirection>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    max_per_row: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    links: Option<Vec<PanelLink>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    library_panel: Option<LibraryPanelRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    plugin_version: Option<String>,
    #[serde(flatten)]
    extra: Extra,
}

impl Serialize for Panel {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let wire = PanelWire {
            id: self.id,
            title: self.title.clone(),
            description: self.description.clone(),
            grid_pos: self.grid_pos,
            datasource: self.datasource.clone(),
            targets: self.targets.clone(),
            transformations: self.transformations.clone(),
            interval: self.interval.clone(),
            max_data_points: self.max_data_points,
            time_from: self.time_from.clone(),
            time_shift: self.time_shift.clone(),
            hide_time_override: self.hide_time_override,
            transparent: self.transparent,
            repeat: self.repeat.clone(),
            repeat_direction: self.repeat_direction,
            max_per_row: self.max_per_row,
            links: self.links.clone(),
            library_panel: self.library_panel.clone(),
            plugin_version: self.plugin_version.clone(),
            extra: self.extra.clone(),
        };
        let mut map = match serde_json::to_value(wire).map_err(serde::ser::Error::custom)? {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        map.insert("type".into(), Value::String(self.viz.type_id().to_owned()));
        if let Some(options) = self.viz.options_json() {
            map.insert("options".into(), options);
        }
        let custom = self.viz.custom_json();
        if self.field_config.is_some() || custom.is_some() {
            let field_config = self.field_config.clone().unwrap_or_default();
            let mut value = serde_json::to_value(field_config).map_err(serde::ser::Error::custom)?;
            if let (Some(custom), Some(defaults)) = (custom, value.get_mut("defaults").and_then(Value::as_object_mut)) {
                defaults.insert("custom".into(), custom);
            }
            map.insert("fieldConfig".into(), value);
        }
        map.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Panel {
    /// A stored panel: its kind typed from `type`, `options` and `fieldConfig.defaults.custom` where this crate
    /// knows the kind, kept as read otherwise; every other key typed or kept in `extra`.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let mut map = Map::<String, Value>::deserialize(deserializer)?;
        let kind = match map.remove("type") {
            Some(Value::String(kind)) => kind,
            _ => String::new(),
        };
        let options = map.remove("options");
        let mut field_config = map.remove("fieldConfig");
        let custom = field_config
            .as_mut()
            .and_then(|fc| fc.get_mut("defaults"))
            .and_then(Value::as_object_mut)
            .and_then(|defaults| defaults.remove("custom"));
        let (mut wire, refused) = crate::lenient::read::<PanelWire>(map).map_err(D::Error::custom)?;
        wire.extra.extend(refused);
        let viz = Viz::from_json(&kind, options, custom.clone());
        let mut field_config = match field_config {
            None | Some(Value::Null) => None,
            Some(Value::Object(map)) => {
                let (mut fc, refused) = crate::lenient::read::<FieldConfig>(map).map_err(D::Error::custom)?;
                fc.extra.extend(refused);
                Some(fc)
            }
            Some(other) => {
                wire.extra.insert("fieldConfig".into(), other);
                None
            }
        };
        // A kind without a custom field config type keeps a stored `custom` among the defaults' untyped keys.
        if let (Some(custom), None) = (custom, viz.custom_json()) {
            let defaults = &mut field_config.get_or_insert_with(FieldConfig::default).defaults;
            defaults.extra.insert("custom".into(), custom);
        }
        Ok(Panel {
            id: wire.id,
            title: wire.title,
            description: wire.description,
            viz,
            grid_pos: wire.grid_pos,
            span: wire.grid_pos.map_or(DEFAULT_SPAN, |p| p.w),
            height: wire.grid_pos.map_or(DEFAULT_HEIGHT, |p| p.h),
            datasource: wire.datasource,
            field_config,
            targets: wire.targets,
            transformations: wire.transformations,
            interval: wire.interval,
            max_data_points: wire.max_data_points,
            time_from: wire.time_from,
            time_shift: wire.time_shift,
            hide_time_override: wire.hide_time_override,
            transparent: wire.transparent,
            repeat: wire.repeat,
            repeat_direction: wire.repeat_direction,
            max_per_row: wire.max_per_row,
            links: wire.links,
            library_panel: wire.library_panel,
            plugin_version: wire.plugin_version,
            extra: wire.extra,
            query_errors: Vec::new(),
            datasource_from_targets: false,
        })
    }
}

impl Panel {
    /// A panel of this kind, half the grid wide; kinds that show data get an empty field config and target list.
    pub fn of(title: &str, viz: Viz) -> Self {
        let has_data = viz.has_data();
        Panel {
            id: None,
            title: title.into(),
            description: None,
            viz,
            grid_pos: None,
            span: DEFAULT_SPAN,
            height: DEFAULT_HEIGHT,
            datasource: None,
            field_config: has_data.then(FieldConfig::default),
            targets: has_data.then(Vec::new),
            transformations: None,
            interval: None,
            max_data_points: None,
            time_from: None,
            time_shift: None,
            hide_time_override: None,
            transparent: None,
            repeat: None,
            repeat_direction: None,
            max_per_row: None,
            links: None,
            library_panel: None,
            plugin_version: None,
            extra: Extra::new(),
            query_errors: Vec::new(),
            datasource_from_targets: true,
        }
    }

    /// A time series panel: a colour per series, a light fill under the lines and no points, which reads best
    /// when a panel holds many series (Grafana's own default has no fill and draws points when they are few).
    pub fn timeseries(title: &str) -> Self {
        let custom = TimeseriesFieldConfig {
            fill_opacity: 10.0,
            show_points: Visibility::Never,
            ..TimeseriesFieldConfig::default()
        };
        Panel::of(title, Viz::Timeseries(TimeseriesOptions::default(), custom)).color(ColorMode::PaletteClassic)
    }

    /// A stat panel (one big number per series), coloured by its thresholds.
    pub fn stat(title: &str) -> Self {
        Panel::of(title, Viz::Stat(StatOptions::default())).color(ColorMode::Thresholds)
    }

    /// A gauge panel, coloured by its thresholds.
    pub fn gauge(title: &str) -> Self {
        Panel::of(title, Viz::Gauge(GaugeOptions::default())).color(ColorMode::Thresholds)
    }

    /// A bar gauge panel, coloured by its thresholds.
    pub fn bargauge(title: &str) -> Self {
        Panel::of(title, Viz::BarGauge(BarGaugeOptions::default())).color(ColorMode::Thresholds)
    }

    /// A table panel.
    pub fn table(title: &str) -> Self {
        Panel::of(title, Viz::Table(TableOptions::default(), Default::default())).color(ColorMode::Thresholds)
    }

    /// A state timeline panel, coloured by its thresholds.
    pub fn state_timeline(title: &str) -> Self {
        Panel::of(
            title,
            Viz::StateTimeline(StateTimelineOptions::default(), Default::default()),
        )
        .color(ColorMode::Thresholds)
    }

    /// A markdown text panel.
    pub fn text(title: &str, markdown: &str) -> Self {
        Panel::of(title, Viz::Text(TextOptions::markdown(markdown)))
    }

    /// What the panel shows, for someone who has never seen it.
    pub fn description(mut self, text: &str) -> Self {
        self.description = Some(text.into());
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
        self.defaults_mut().unit = Some(unit);
        self
    }

    /// Decimals shown.
    pub fn decimals(mut self, decimals: u8) -> Self {
        self.defaults_mut().decimals = Some(decimals);
        self
    }

    /// Axis or gauge minimum.
    pub fn min(mut self, min: f64) -> Self {
        self.defaults_mut().min = Some(min);
        self
    }

    /// Axis or gauge maximum.
    pub fn max(mut self, max: f64) -> Self {
        self.defaults_mut().max = Some(max);
        self
    }

    /// How fields are coloured.
    pub fn color(mut self, mode: ColorMode) -> Self {
        self.defaults_mut().color = Some(FieldColor {
            extra: Extra::new(),
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
        self.defaults_mut().thresholds = Some(thresholds);
        self
    }

    /// Value mappings.
    pub fn mapping(mut self, mapping: ValueMapping) -> Self {
        self.defaults_mut().mappings.get_or_insert_with(Vec::new).push(mapping);
        self
    }

    /// Text shown when there is no value.
    pub fn no_value(mut self, text: &str) -> Self {
        self.defaults_mut().no_value = Some(text.into());
        self
    }

    /// An override for some fields.
    pub fn with_override(mut self, o: Override) -> Self {
        self.field_config_mut().overrides.push(o);
        self
    }

    /// Adds a query.
    pub fn target(mut self, target: impl Into<Target>) -> Self {
        self.targets.get_or_insert_with(Vec::new).push(target.into());
        self
    }

    /// Adds a query of another data source plugin: `query`'s fields (a struct, or an enum tagged by its
    /// `kind`) beside the data source. A query that is not a JSON object is reported by `build()`.
    pub fn plugin_target(mut self, datasource: DataSourceRef, query: &impl serde::Serialize) -> Self {
        match PluginTarget::new(datasource, query) {
            Ok(target) => self.targets.get_or_insert_with(Vec::new).push(target.into()),
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
            custom.fill_opacity = 40.0;
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
        self.defaults_mut().color = Some(FieldColor {
            extra: Extra::new(),
            mode: ColorMode::Fixed,
            fixed_color: Some(color),
        });
        self
    }

    /// The panel's data source (by default, the targets' one).
    pub fn datasource(mut self, datasource: DataSourceRef) -> Self {
        self.datasource = Some(datasource);
        self
    }

    /// No panel data source, even if the targets name one (each target then uses its own).
    pub fn no_datasource(mut self) -> Self {
        self.datasource = None;
        self.datasource_from_targets = false;
        self
    }

    /// The whole field config: defaults and overrides.
    pub fn field_config(mut self, field_config: FieldConfig) -> Self {
        self.field_config = Some(field_config);
        self
    }

    /// Most points a query returns.
    pub fn max_data_points(mut self, points: u32) -> Self {
        self.max_data_points = Some(points);
        self
    }

    /// A relative time range of the panel's own (`1h`).
    pub fn time_from(mut self, range: &str) -> Self {
        self.time_from = Some(range.into());
        self
    }

    /// A shift of the time range (`1d`).
    pub fn time_shift(mut self, shift: &str) -> Self {
        self.time_shift = Some(shift.into());
        self
    }

    /// No background.
    pub fn transparent(mut self) -> Self {
        self.transparent = Some(true);
        self
    }

    /// The version of the panel plugin that saved it (Grafana writes it; it changes nothing drawn).
    pub fn plugin_version(mut self, version: &str) -> Self {
        self.plugin_version = Some(version.into());
        self
    }

    /// Changes anything of the panel: for what no other method sets (a kept key, an absent default).
    pub fn with(mut self, change: impl FnOnce(&mut Panel)) -> Self {
        change(&mut self);
        self
    }

    /// Transforms the query results before drawing.
    pub fn transformation(mut self, transformation: Transformation) -> Self {
        self.transformations.get_or_insert_with(Vec::new).push(transformation);
        self
    }

    /// Repeats the panel for each selected value of `variable`.
    pub fn repeat(mut self, variable: &str, direction: RepeatDirection) -> Self {
        self.repeat = Some(variable.into());
        self.repeat_direction = Some(direction);
        self
    }

    /// Adds a header link.
    pub fn link(mut self, title: &str, url: &str) -> Self {
        self.links.get_or_insert_with(Vec::new).push(PanelLink {
            title: title.into(),
            url: url.into(),
            ..PanelLink::default()
        });
        self
    }

    /// Stands for the library panel `uid`, named `name`.
    pub fn library(mut self, uid: &str, name: &str) -> Self {
        self.library_panel = Some(LibraryPanelRef {
            uid: uid.into(),
            name: name.into(),
            extra: Extra::new(),
        });
        self
    }

    /// The field config, created empty if the panel has none.
    pub fn field_config_mut(&mut self) -> &mut FieldConfig {
        self.field_config.get_or_insert_with(FieldConfig::default)
    }

    /// The field defaults, created empty if the panel has none.
    pub fn defaults_mut(&mut self) -> &mut FieldDefaults {
        &mut self.field_config_mut().defaults
    }

    /// The queries (none for a panel without targets).
    pub fn targets(&self) -> &[Target] {
        self.targets.as_deref().unwrap_or_default()
    }

    /// The field defaults, if the panel has a field config.
    pub fn field_defaults(&self) -> Option<&FieldDefaults> {
        self.field_config.as_ref().map(|fc| &fc.defaults)
    }

    /// The data source of the targets: theirs if they agree, else Grafana's mixed source.
    pub(crate) fn targets_datasource(&self) -> Option<DataSourceRef> {
        let first = self.targets().first()?.datasource()?;
        if self.targets().iter().all(|t| t.datasource() == Some(first)) {
            Some(first.clone())
        } else {
            Some(DataSourceRef::mixed())
        }
    }
}
