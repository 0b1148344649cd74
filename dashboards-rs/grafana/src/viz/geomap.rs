//! The `geomap` panel: options as Grafana 10.4 writes them (the kind has no custom field config in Grafana
//! 10.4's schema).
//!
//! A layer's own settings (`config`: marker style, heatmap radius, tile server…) depend on its type and stay
//! untyped. Coordinates, zoom and opacity are `f64` although the published schema says `integer`: Grafana writes
//! fractions there (`"lat": 48.4`, `"opacity": 0.4`).

use crate::codegen::ToRust;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::Extra;

/// `options` of a geomap panel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct GeomapOptions {
    /// Where the map opens.
    pub view: MapViewConfig,
    /// The map's controls.
    pub controls: MapControls,
    /// The base layer (tiles) under the data layers.
    pub basemap: MapLayerOptions,
    /// The data layers, bottom to top.
    pub layers: Vec<MapLayerOptions>,
    /// The tooltip.
    pub tooltip: MapTooltip,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for GeomapOptions {
    fn default() -> Self {
        GeomapOptions {
            view: MapViewConfig::default(),
            controls: MapControls::default(),
            basemap: MapLayerOptions {
                kind: MapLayerType::Default,
                name: "Layer 0".into(),
                config: Some(Extra::new()),
                ..MapLayerOptions::default()
            },
            layers: vec![MapLayerOptions::markers("Layer 1")],
            tooltip: MapTooltip::default(),
            extra: Extra::new(),
        }
    }
}

/// Where the map is centred when it opens.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
pub enum MapCenterId {
    /// Latitude and longitude 0.
    #[default]
    #[serde(rename = "zero")]
    Zero,
    /// The coordinates in `lat` and `lon`.
    #[serde(rename = "coords")]
    Coords,
    /// Fit to the data (of all layers, or of `layer`).
    #[serde(rename = "fit")]
    Fit,
    /// A named region (`europe`, `north-america`…), kept as read.
    #[serde(untagged)]
    Other(String),
}

/// `options.view`: where the map opens and how far it zooms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct MapViewConfig {
    /// How the centre is chosen.
    pub id: MapCenterId,
    /// Latitude of the centre.
    pub lat: f64,
    /// Longitude of the centre.
    pub lon: f64,
    /// Zoom level (0: whole world).
    pub zoom: f64,
    /// The closest zoom allowed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_zoom: Option<f64>,
    /// The farthest zoom allowed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_zoom: Option<f64>,
    /// Padding around the data when fitting to it, in percent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub padding: Option<f64>,
    /// Whether fitting considers every layer (else only `layer`).
    pub all_layers: bool,
    /// Whether fitting considers only each series' last value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_only: Option<bool>,
    /// The layer to fit to when `all_layers` is false.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layer: Option<String>,
    /// Whether the view is shared with the dashboard's other maps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shared: Option<bool>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for MapViewConfig {
    fn default() -> Self {
        MapViewConfig {
            id: MapCenterId::Zero,
            lat: 0.0,
            lon: 0.0,
            zoom: 1.0,
            min_zoom: None,
            max_zoom: None,
            padding: None,
            all_layers: true,
            last_only: None,
            layer: None,
            shared: None,
            extra: Extra::new(),
        }
    }
}

/// `options.controls`: the map's buttons and overlays.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct MapControls {
    /// Whether zoom buttons show (upper left).
    pub show_zoom: bool,
    /// Whether the mouse wheel zooms.
    pub mouse_wheel_zoom: bool,
    /// Whether the tile source's attribution shows (lower right).
    pub show_attribution: bool,
    /// Whether a scale bar shows.
    pub show_scale: bool,
    /// Whether the map's debug info (zoom, centre) shows.
    pub show_debug: bool,
    /// Whether distance and area measuring tools show.
    pub show_measure: bool,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl Default for MapControls {
    fn default() -> Self {
        MapControls {
            show_zoom: true,
            mouse_wheel_zoom: true,
            show_attribution: true,
            show_scale: false,
            show_debug: false,
            show_measure: false,
            extra: Extra::new(),
        }
    }
}

/// When the tooltip shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum MapTooltipMode {
    /// Only on click.
    None,
    /// On hover.
    #[default]
    Details,
}

/// `options.tooltip`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct MapTooltip {
    /// When it shows.
    pub mode: MapTooltipMode,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The type of a map layer: Grafana's layer registry ids.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
pub enum MapLayerType {
    /// The server's default base map.
    #[default]
    #[serde(rename = "default")]
    Default,
    /// CARTO tiles.
    #[serde(rename = "carto")]
    Carto,
    /// ArcGIS tiles.
    #[serde(rename = "esri-xyz")]
    EsriXyz,
    /// Tiles from an XYZ URL template.
    #[serde(rename = "xyz")]
    Xyz,
    /// OpenStreetMap tiles.
    #[serde(rename = "osm-standard")]
    OsmStandard,
    /// A marker per row.
    #[serde(rename = "markers")]
    Markers,
    /// A heatmap of the rows.
    #[serde(rename = "heatmap")]
    Heatmap,
    /// Shapes from a GeoJSON file.
    #[serde(rename = "geojson")]
    Geojson,
    /// Day and night regions.
    #[serde(rename = "dayNight")]
    DayNight,
    /// A line through the rows (beta).
    #[serde(rename = "route")]
    Route,
    /// An image per row (beta).
    #[serde(rename = "photos")]
    Photos,
    /// Nodes and edges (beta).
    #[serde(rename = "network")]
    Network,
    /// The last point of each series (alpha).
    #[serde(rename = "lastPointTracker")]
    LastPointTracker,
    /// Any other layer type (a newer or alpha one), kept as read.
    #[serde(untagged)]
    Other(String),
}

/// One layer of a map: the base map or a data layer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct MapLayerOptions {
    /// The layer's type.
    #[serde(rename = "type")]
    pub kind: MapLayerType,
    /// The layer's unique name, shown in the layer list and the legend.
    pub name: String,
    /// The type's own settings (marker style, radius, tile URL…), untyped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config: Option<Extra>,
    /// How rows are placed on the map.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<FrameGeometrySource>,
    /// Which query results the layer draws: a field matcher (`{"id": "byRefId", "options": "A"}`), untyped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter_data: Option<Extra>,
    /// The layer's opacity, 0 to 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opacity: Option<f64>,
    /// Whether the layer's rows show in the tooltip.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tooltip: Option<bool>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl MapLayerOptions {
    /// A markers layer as Grafana creates it: small green circles placed from the data automatically.
    pub fn markers(name: impl Into<String>) -> Self {
        let config = json!({
            "showLegend": true,
            "style": {
                "color": {"fixed": "dark-green"},
                "opacity": 0.4,
                "rotation": {"fixed": 0, "max": 360, "min": -360, "mode": "mod"},
                "size": {"fixed": 5, "max": 15, "min": 2},
                "symbol": {"fixed": "img/icons/marker/circle.svg", "mode": "fixed"},
                "symbolAlign": {"horizontal": "center", "vertical": "center"},
                "textConfig": {"fontSize": 12, "offsetX": 0, "offsetY": 0, "textAlign": "center", "textBaseline": "middle"}
            }
        });
        MapLayerOptions {
            kind: MapLayerType::Markers,
            name: name.into(),
            config: match config {
                serde_json::Value::Object(map) => Some(map),
                _ => None,
            },
            location: Some(FrameGeometrySource::default()),
            filter_data: None,
            opacity: None,
            tooltip: Some(true),
            extra: Extra::new(),
        }
    }
}

/// How a layer finds each row's position.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "lowercase")]
pub enum FrameGeometrySourceMode {
    /// Grafana looks for latitude/longitude, geohash or lookup fields by name.
    #[default]
    Auto,
    /// From a geohash field.
    Geohash,
    /// From latitude and longitude fields.
    Coords,
    /// By looking a field's value (a country code, a state…) up in a gazetteer.
    Lookup,
}

/// `location` of a layer: the fields that place each row.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(default)]
pub struct FrameGeometrySource {
    /// How positions are found.
    pub mode: FrameGeometrySourceMode,
    /// The geohash field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geohash: Option<String>,
    /// The latitude field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub latitude: Option<String>,
    /// The longitude field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub longitude: Option<String>,
    /// The field holding WKT geometry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wkt: Option<String>,
    /// The field looked up in the gazetteer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lookup: Option<String>,
    /// The gazetteer's path (`public/gazetteer/countries.json`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gazetteer: Option<String>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::viz::schema_check::assert_options_pass_schema;

    fn object(value: serde_json::Value) -> Extra {
        match value {
            serde_json::Value::Object(map) => map,
            other => panic!("not an object: {other}"),
        }
    }

    #[test]
    fn the_default_passes_grafanas_schema() {
        assert_options_pass_schema("geomap", &GeomapOptions::default());
    }

    #[test]
    fn a_full_example_passes_grafanas_schema() {
        // Whole numbers where the schema says `integer` (see the module doc).
        let options = GeomapOptions {
            view: MapViewConfig {
                id: MapCenterId::Fit,
                lat: 48.0,
                lon: 2.0,
                zoom: 5.0,
                min_zoom: Some(2.0),
                max_zoom: Some(12.0),
                padding: Some(10.0),
                all_layers: false,
                last_only: Some(true),
                layer: Some("Sites".into()),
                shared: Some(true),
                extra: Extra::new(),
            },
            controls: MapControls {
                show_zoom: false,
                mouse_wheel_zoom: false,
                show_attribution: false,
                show_scale: true,
                show_debug: true,
                show_measure: true,
                extra: Extra::new(),
            },
            basemap: MapLayerOptions {
                kind: MapLayerType::Xyz,
                name: "Tiles".into(),
                config: Some(object(json!({"url": "https://tile.example.com/{z}/{x}/{y}.png"}))),
                opacity: Some(1.0),
                ..MapLayerOptions::default()
            },
            layers: vec![
                MapLayerOptions {
                    location: Some(FrameGeometrySource {
                        mode: FrameGeometrySourceMode::Coords,
                        latitude: Some("lat".into()),
                        longitude: Some("lon".into()),
                        ..FrameGeometrySource::default()
                    }),
                    filter_data: Some(object(json!({"id": "byRefId", "options": "A"}))),
                    opacity: Some(1.0),
                    tooltip: Some(false),
                    ..MapLayerOptions::markers("Sites")
                },
                MapLayerOptions {
                    kind: MapLayerType::Heatmap,
                    name: "Heat".into(),
                    location: Some(FrameGeometrySource {
                        mode: FrameGeometrySourceMode::Geohash,
                        geohash: Some("hash".into()),
                        wkt: Some("geom".into()),
                        ..FrameGeometrySource::default()
                    }),
                    ..MapLayerOptions::default()
                },
                MapLayerOptions {
                    kind: MapLayerType::Other("future-layer".into()),
                    name: "Countries".into(),
                    location: Some(FrameGeometrySource {
                        mode: FrameGeometrySourceMode::Lookup,
                        lookup: Some("country".into()),
                        gazetteer: Some("public/gazetteer/countries.json".into()),
                        ..FrameGeometrySource::default()
                    }),
                    ..MapLayerOptions::default()
                },
            ],
            tooltip: MapTooltip {
                mode: MapTooltipMode::None,
                extra: Extra::new(),
            },
            extra: Extra::new(),
        };
        assert_options_pass_schema("geomap", &options);
    }

    #[test]
    fn the_default_is_what_grafana_writes() {
        assert_eq!(
            serde_json::to_value(GeomapOptions::default()).expect("serializes"),
            json!({
                "view": {"id": "zero", "lat": 0.0, "lon": 0.0, "zoom": 1.0, "allLayers": true},
                "controls": {
                    "showZoom": true, "mouseWheelZoom": true, "showAttribution": true,
                    "showScale": false, "showDebug": false, "showMeasure": false
                },
                "basemap": {"type": "default", "name": "Layer 0", "config": {}},
                "layers": [{
                    "type": "markers",
                    "name": "Layer 1",
                    "config": {
                        "showLegend": true,
                        "style": {
                            "color": {"fixed": "dark-green"},
                            "opacity": 0.4,
                            "rotation": {"fixed": 0, "max": 360, "min": -360, "mode": "mod"},
                            "size": {"fixed": 5, "max": 15, "min": 2},
                            "symbol": {"fixed": "img/icons/marker/circle.svg", "mode": "fixed"},
                            "symbolAlign": {"horizontal": "center", "vertical": "center"},
                            "textConfig": {
                                "fontSize": 12, "offsetX": 0, "offsetY": 0,
                                "textAlign": "center", "textBaseline": "middle"
                            }
                        }
                    },
                    "location": {"mode": "auto"},
                    "tooltip": true
                }],
                "tooltip": {"mode": "details"}
            })
        );
    }

    #[test]
    fn fractional_coordinates_and_opacity_read() {
        let read: GeomapOptions = serde_json::from_value(json!({
            "view": {"id": "north-america", "lat": 40.5, "lon": -100.25, "zoom": 4.5},
            "layers": [{"type": "osm-standard", "name": "Layer 3", "opacity": 0.4}]
        }))
        .expect("reads");
        assert_eq!(read.view.id, MapCenterId::Other("north-america".into()));
        assert_eq!(read.view.lat, 40.5);
        assert_eq!(read.layers[0].kind, MapLayerType::OsmStandard);
        assert_eq!(read.layers[0].opacity, Some(0.4));
        assert_eq!(read.layers[0].config, None);
    }

    #[test]
    fn unknown_keys_survive_a_round_trip() {
        let read: GeomapOptions = serde_json::from_value(json!({
            "futureKey": 1,
            "view": {"id": "zero", "noRepeat": true},
            "layers": [{"type": "markers", "name": "L", "layerKey": "k"}]
        }))
        .expect("reads");
        let written = serde_json::to_value(&read).expect("serializes");
        assert_eq!(written["futureKey"], json!(1));
        assert_eq!(written["view"]["noRepeat"], json!(true));
        assert_eq!(written["layers"][0]["layerKey"], json!("k"));
    }

    #[test]
    fn missing_keys_take_grafanas_defaults() {
        let read: GeomapOptions = serde_json::from_value(json!({})).expect("reads");
        assert_eq!(read, GeomapOptions::default());
    }
}
