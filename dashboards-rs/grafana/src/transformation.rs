//! Transformations: what Grafana does to a panel's query results before drawing them (`transformations[]`).
//!
//! A [`Transformation`] is stored as Grafana stores it, `{"id": "organize", "options": {…}, "disabled"?,
//! "filter"?, "topic"?}`. Its [`TransformationKind`] is typed for the core transformers of Grafana 10.4, with
//! the option shapes of Grafana's own TypeScript (`@grafana/data` 10.4 and `public/app/features/transformers`).
//!
//! Reading never fails on options and never loses anything: every option key is optional (Grafana omits unset
//! ones, and writing back adds none), keys an options type does not model are kept in its `extra`, and options
//! that do not fit their type, or would not be written back exactly as read (a `null`, a `10.0` where a count
//! is typed), keep the whole transformation as [`TransformationKind::Other`], as read.

use std::collections::BTreeMap;

use serde::de::{DeserializeOwned, Deserializer, Error as _};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

use crate::codegen::ToRust;
use crate::viz::common::Calc;
use crate::Extra;

/// A transformation Grafana applies to the panel's data before drawing it (`transformations[]`).
#[derive(Debug, Clone, Default, PartialEq, ToRust)]
pub struct Transformation {
    /// What it does: the transformer (`id`) and its typed `options`.
    pub kind: TransformationKind,
    /// Whether it is switched off (Grafana skips it).
    pub disabled: Option<bool>,
    /// Which query results it applies to (all when absent), e.g. [`MatcherConfig::by_ref_id`].
    pub filter: Option<MatcherConfig>,
    /// Which data it reads: the query results (the default), the annotations or the alert states.
    pub topic: Option<DataTopic>,
    /// The stored object had no `options` key: empty options are written back without one.
    pub options_absent: bool,
    /// Keys this crate does not model, and `disabled`/`filter`/`topic` values of another type, kept as read.
    pub extra: Extra,
}

impl Transformation {
    /// Transformer `id` with these options, typed when `id` is known and the options fit its type.
    pub fn new(id: &str, options: Value) -> Self {
        TransformationKind::read(id, options).into()
    }

    /// Organize fields: hide, order and rename them (`organize`).
    pub fn organize(options: OrganizeOptions) -> Self {
        TransformationKind::Organize(options).into()
    }

    /// Merge every query result into one table (`merge`).
    pub fn merge() -> Self {
        TransformationKind::Merge(MergeOptions::default()).into()
    }

    /// Reduce each series to one row holding these calculations (`reduce`, series-to-rows mode).
    pub fn reduce(reducers: &[Calc]) -> Self {
        TransformationKind::Reduce(ReduceOptions {
            reducers: Some(reducers.to_vec()),
            ..ReduceOptions::default()
        })
        .into()
    }

    /// Join the query results into one table on the values of this field (`joinByField`, outer join).
    pub fn join_by_field(field: &str) -> Self {
        TransformationKind::JoinByField(JoinByFieldOptions {
            by_field: Some(field.into()),
            ..JoinByFieldOptions::default()
        })
        .into()
    }

    /// Keep only the fields with these names (`filterFieldsByName`).
    pub fn filter_fields_by_name(names: &[&str]) -> Self {
        TransformationKind::FilterFieldsByName(FilterFieldsByNameOptions {
            include: Some(RegexpOrNames {
                names: Some(names.iter().map(|&name| name.to_owned()).collect()),
                ..RegexpOrNames::default()
            }),
            ..FilterFieldsByNameOptions::default()
        })
        .into()
    }

    /// Turn each series' labels into fields (`labelsToFields`, Grafana's defaults: columns, every label).
    pub fn labels_to_fields() -> Self {
        TransformationKind::LabelsToFields(LabelsToFieldsOptions::default()).into()
    }

    /// Sort the rows by this field, largest first when `descending` (`sortBy`).
    pub fn sort_by(field: &str, descending: bool) -> Self {
        let by = if descending {
            SortByField::descending(field)
        } else {
            SortByField::ascending(field)
        };
        TransformationKind::SortBy(SortByOptions {
            sort: Some(vec![by]),
            ..SortByOptions::default()
        })
        .into()
    }

    /// Group rows by some fields' values and aggregate the others (`groupBy`).
    pub fn group_by(options: GroupByOptions) -> Self {
        TransformationKind::GroupBy(options).into()
    }

    /// Add a field computed from others (`calculateField`).
    pub fn calculate_field(options: CalculateFieldOptions) -> Self {
        TransformationKind::CalculateField(options).into()
    }

    /// Keep the first `rows` rows (`limit`).
    pub fn limit(rows: u64) -> Self {
        TransformationKind::Limit(LimitOptions {
            limit_field: Some(NumberOrText::Number(rows.into())),
            ..LimitOptions::default()
        })
        .into()
    }

    /// Stack every series into one table with a row per point (`seriesToRows`).
    pub fn series_to_rows() -> Self {
        TransformationKind::SeriesToRows(SeriesToRowsOptions::default()).into()
    }

    /// The same, applied only to the results of the query with this refId.
    pub fn for_query(mut self, ref_id: &str) -> Self {
        self.filter = Some(MatcherConfig::by_ref_id(ref_id));
        self
    }

    /// The transformer id (`organize`, `merge`, `calculateField`, …).
    pub fn id(&self) -> &str {
        self.kind.id()
    }

    /// The options as Grafana stores them; none when the stored object had none and they are still empty.
    pub fn options_json(&self) -> Option<Value> {
        let options = self.kind.options_json();
        let empty = match &options {
            Value::Null => true,
            Value::Object(map) => map.is_empty(),
            _ => false,
        };
        (!(self.options_absent && empty)).then_some(options)
    }
}

impl From<TransformationKind> for Transformation {
    fn from(kind: TransformationKind) -> Self {
        Transformation {
            kind,
            ..Transformation::default()
        }
    }
}

impl Serialize for Transformation {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let options = self.options_json();
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", self.id())?;
        if let Some(options) = &options {
            map.serialize_entry("options", options)?;
        }
        if let Some(disabled) = &self.disabled {
            map.serialize_entry("disabled", disabled)?;
        }
        if let Some(filter) = &self.filter {
            map.serialize_entry("filter", filter)?;
        }
        if let Some(topic) = &self.topic {
            map.serialize_entry("topic", topic)?;
        }
        for (key, value) in &self.extra {
            // A modelled key already written wins over a copy in `extra`: no key is written twice.
            let written = match key.as_str() {
                "id" | "options" => true,
                "disabled" => self.disabled.is_some(),
                "filter" => self.filter.is_some(),
                "topic" => self.topic.is_some(),
                _ => false,
            };
            if !written {
                map.serialize_entry(key, value)?;
            }
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Transformation {
    /// Reads any object whose `id` (if any) is a text; options are typed when they fit, kept as read otherwise.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut object = Map::<String, Value>::deserialize(deserializer)?;
        let id = match object.remove("id") {
            None => String::new(),
            Some(Value::String(id)) => id,
            Some(other) => {
                return Err(D::Error::custom(format!(
                    "a transformation id must be a text, not {other}"
                )))
            }
        };
        let options = object.remove("options");
        let options_absent = options.is_none();
        let kind = match options {
            Some(options) => TransformationKind::read(&id, options),
            // No options: Grafana runs the transformer with its defaults, as it would with `{}`.
            None => match TransformationKind::read(&id, Value::Object(Map::new())) {
                TransformationKind::Other { id, .. } => TransformationKind::Other {
                    id,
                    options: Value::Null,
                },
                typed => typed,
            },
        };
        Ok(Transformation {
            kind,
            disabled: take(&mut object, "disabled", Value::as_bool),
            filter: take(&mut object, "filter", exact),
            topic: take(&mut object, "topic", exact),
            options_absent,
            extra: object,
        })
    }
}

/// `object[key]` read by `read`, removed from `object` if it reads; left there (to be kept as read) if not.
fn take<T>(object: &mut Map<String, Value>, key: &str, read: impl FnOnce(&Value) -> Option<T>) -> Option<T> {
    let typed = object.get(key).and_then(read)?;
    object.remove(key);
    Some(typed)
}

/// `value` read as `T`, if it reads and `T` writes it back exactly (so that reading it as `T` loses nothing).
fn exact<T: DeserializeOwned + Serialize>(value: &Value) -> Option<T> {
    let typed = T::deserialize(value).ok()?;
    (serde_json::to_value(&typed).ok()? == *value).then_some(typed)
}

/// `options` as JSON. Cannot fail: every options type is a struct, list or enum with text keys.
fn to_json<T: Serialize>(options: &T) -> Value {
    serde_json::to_value(options).unwrap_or(Value::Null)
}

/// Declares [`TransformationKind`] (one variant per typed transformer, plus `Other`) and the methods that map
/// each variant to its Grafana id: reading options by id, and writing them back.
macro_rules! transformation_kinds {
    ($($(#[$doc:meta])* $variant:ident($options:ty) = $id:literal,)*) => {
        /// What a transformation does: a typed Grafana 10.4 transformer with its options, or any other, as read.
        // A transformation holds one kind, so the size of the largest options (`calculateField`'s) costs little;
        // boxing them would make every typed transformation harder to write and to match on.
        #[allow(clippy::large_enum_variant)]
        #[derive(Debug, Clone, PartialEq, ToRust)]
        pub enum TransformationKind {
            $($(#[$doc])* $variant($options),)*
            /// Any other transformer (a plugin's, a newer one), or a known one whose options do not fit their
            /// type, kept as read.
            Other {
                /// The transformer id.
                id: String,
                /// Its options as read (`null` when the stored object had none).
                options: Value,
            },
        }

        impl TransformationKind {
            /// The transformer ids this crate types, in the order of [`TransformationKind`]'s variants.
            pub const TYPED_IDS: &'static [&'static str] = &[$($id),*];

            /// Transformer `id` with `options`: typed when the id is known and the options fit its type (and
            /// would be written back exactly as read), [`TransformationKind::Other`] otherwise.
            pub fn read(id: &str, options: Value) -> Self {
                let typed = match id {
                    $($id => exact(&options).map(TransformationKind::$variant),)*
                    _ => None,
                };
                typed.unwrap_or_else(|| TransformationKind::Other { id: id.to_owned(), options })
            }

            /// The transformer id Grafana stores (`organize`, `joinByField`, …).
            pub fn id(&self) -> &str {
                match self {
                    $(TransformationKind::$variant(_) => $id,)*
                    TransformationKind::Other { id, .. } => id,
                }
            }

            /// The options as Grafana stores them.
            pub fn options_json(&self) -> Value {
                match self {
                    $(TransformationKind::$variant(options) => to_json(options),)*
                    TransformationKind::Other { options, .. } => options.clone(),
                }
            }
        }
    };
}

transformation_kinds! {
    /// Hide, order and rename fields (`organize`).
    Organize(OrganizeOptions) = "organize",
    /// Order fields (`order`; the ordering part of `organize`).
    Order(OrderOptions) = "order",
    /// Rename fields (`rename`; the renaming part of `organize`).
    Rename(RenameOptions) = "rename",
    /// Rename fields with a regex (`renameByRegex`).
    RenameByRegex(RenameByRegexOptions) = "renameByRegex",
    /// Merge every query result into one table (`merge`).
    Merge(MergeOptions) = "merge",
    /// Reduce each series to one value per calculation (`reduce`).
    Reduce(ReduceOptions) = "reduce",
    /// Join the results on a field (`seriesToColumns`: the older id of `joinByField`, same options).
    SeriesToColumns(JoinByFieldOptions) = "seriesToColumns",
    /// Join the results on a field (`joinByField`).
    JoinByField(JoinByFieldOptions) = "joinByField",
    /// Join labelled series into a table with one column per value of a label (`joinByLabels`).
    JoinByLabels(JoinByLabelsOptions) = "joinByLabels",
    /// Stack every series into one table, a row per point (`seriesToRows`).
    SeriesToRows(SeriesToRowsOptions) = "seriesToRows",
    /// Append the results' fields into one frame (`concatenate`).
    Concatenate(ConcatenateOptions) = "concatenate",
    /// Keep or drop fields by name, regex or variable (`filterFieldsByName`).
    FilterFieldsByName(FilterFieldsByNameOptions) = "filterFieldsByName",
    /// Keep or drop fields by a field matcher (`filterFields`).
    FilterFields(FilterOptions) = "filterFields",
    /// Keep or drop whole results by a frame matcher (`filterFrames`).
    FilterFrames(FilterOptions) = "filterFrames",
    /// Keep or drop whole results by query refId (`filterByRefId`).
    FilterByRefId(FilterByRefIdOptions) = "filterByRefId",
    /// Keep or drop rows by their values (`filterByValue`).
    FilterByValue(FilterByValueOptions) = "filterByValue",
    /// Turn series labels into fields (`labelsToFields`).
    LabelsToFields(LabelsToFieldsOptions) = "labelsToFields",
    /// Sort the rows (`sortBy`).
    SortBy(SortByOptions) = "sortBy",
    /// Group rows and aggregate (`groupBy`).
    GroupBy(GroupByOptions) = "groupBy",
    /// Group rows into nested tables (`groupToNestedTable`).
    GroupToNestedTable(GroupToNestedTableOptions) = "groupToNestedTable",
    /// Pivot three fields into a matrix (`groupingToMatrix`).
    GroupingToMatrix(GroupingToMatrixOptions) = "groupingToMatrix",
    /// Split one result into several by some fields' values (`partitionByValues`).
    PartitionByValues(PartitionByValuesOptions) = "partitionByValues",
    /// Add a field computed from others (`calculateField`).
    CalculateField(CalculateFieldOptions) = "calculateField",
    /// Keep the first rows (`limit`).
    Limit(LimitOptions) = "limit",
    /// Change fields' types (`convertFieldType`).
    ConvertFieldType(ConvertFieldTypeOptions) = "convertFieldType",
    /// Parse a field's text (JSON, key=value) into fields (`extractFields`).
    ExtractFields(ExtractFieldsOptions) = "extractFields",
    /// Bucket values into a histogram (`histogram`).
    Histogram(HistogramOptions) = "histogram",
    /// Format a time field as text (`formatTime`).
    FormatTime(FormatTimeOptions) = "formatTime",
    /// Change a text field's case or cut it (`formatString`).
    FormatString(FormatStringOptions) = "formatString",
    /// Reshape time series between wide, long and many-frames layouts (`prepareTimeSeries`).
    PrepareTimeSeries(PrepareTimeSeriesOptions) = "prepareTimeSeries",
}

impl Default for TransformationKind {
    /// An `Other` with an empty id and no options, as the untyped model's default was.
    fn default() -> Self {
        TransformationKind::Other {
            id: String::new(),
            options: Value::Null,
        }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Shared pieces: matchers, topics, numbers.
// ---------------------------------------------------------------------------------------------------------

/// A matcher: which frames (a transformation's `filter`) or fields (`reduce`'s `fields`) something applies to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct MatcherConfig {
    /// The matcher id (`byRefId`, `byName`, `byType`, `byRegexp`, `byNames`, …).
    pub id: String,
    /// Its options, whose shape depends on the id (a refId, a name, `{"names": […]}`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<Value>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl MatcherConfig {
    /// Matcher `id` with these options.
    pub fn new(id: &str, options: Value) -> Self {
        MatcherConfig {
            id: id.into(),
            options: Some(options),
            extra: Extra::new(),
        }
    }

    /// The results of the query with this refId (`byRefId`), as Grafana's "apply to" filter writes it.
    pub fn by_ref_id(ref_id: &str) -> Self {
        MatcherConfig::new("byRefId", Value::String(ref_id.into()))
    }
}

/// Which data a transformation reads (`topic`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase")]
pub enum DataTopic {
    /// The query results (Grafana's default).
    Series,
    /// The annotations.
    Annotations,
    /// The alert states.
    AlertStates,
    /// Any other topic, kept as named.
    #[serde(untagged)]
    Other(String),
}

/// A number, or a text that Grafana reads as one (typically a dashboard variable, `$limit`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(untagged)]
pub enum NumberOrText {
    /// A number, written as read (`10` stays `10`, `0.5` stays `0.5`).
    Number(Number),
    /// A text such as `$limit`.
    Text(String),
}

/// `deserialize_with` for `Option<Option<T>>` keys where `null` is a stored value:
/// a present key is `Some` (of `None` for `null`), an absent one `None` (by the field's default).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

// ---------------------------------------------------------------------------------------------------------
// Fields: organize, order, rename, renameByRegex.
// ---------------------------------------------------------------------------------------------------------

/// `organize`'s options: hide, order and rename fields, all keyed by field name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct OrganizeOptions {
    /// Fields hidden (`true`); `false` is what Grafana leaves after a field is shown again.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exclude_by_name: Option<BTreeMap<String, bool>>,
    /// Fields' positions, 0 first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index_by_name: Option<BTreeMap<String, i64>>,
    /// Fields' new names (an empty name keeps the field's own).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rename_by_name: Option<BTreeMap<String, String>>,
    /// Fields kept (`true`): when some are, the others are dropped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_by_name: Option<BTreeMap<String, bool>>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl OrganizeOptions {
    /// The same, hiding `field`.
    pub fn exclude(mut self, field: &str) -> Self {
        self.exclude_by_name
            .get_or_insert_with(BTreeMap::new)
            .insert(field.into(), true);
        self
    }

    /// The same, showing `field` under the name `to`.
    pub fn rename(mut self, field: &str, to: &str) -> Self {
        self.rename_by_name
            .get_or_insert_with(BTreeMap::new)
            .insert(field.into(), to.into());
        self
    }

    /// The same, with these fields first, in this order.
    pub fn order(mut self, fields: &[&str]) -> Self {
        let index = self.index_by_name.get_or_insert_with(BTreeMap::new);
        for (position, &field) in (0..).zip(fields) {
            index.insert(field.into(), position);
        }
        self
    }
}

/// `order`'s options: fields' positions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct OrderOptions {
    /// Fields' positions, by field name, 0 first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index_by_name: Option<BTreeMap<String, i64>>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `rename`'s options: fields' new names.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct RenameOptions {
    /// New names, by field name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rename_by_name: Option<BTreeMap<String, String>>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `renameByRegex`'s options: fields whose name matches `regex` are renamed to `renamePattern`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct RenameByRegexOptions {
    /// The regex matched against field names (JavaScript syntax, `/…/flags` allowed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub regex: Option<String>,
    /// The new name, with `$1`, `$2`… for the regex's groups.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rename_pattern: Option<String>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

// ---------------------------------------------------------------------------------------------------------
// Combining results: merge, joins, seriesToRows, concatenate.
// ---------------------------------------------------------------------------------------------------------

/// `merge`'s options: none in Grafana 10.4.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct MergeOptions {
    /// Keys this crate does not model (older dashboards carry `"reducers": []`), kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// How `joinByField` (and `seriesToColumns`) joins rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase")]
pub enum JoinMode {
    /// Every row of every result, matched where the join field agrees (the default; best for time series).
    Outer,
    /// Only rows whose join value is in every result.
    Inner,
    /// Outer join for tables: keeps rows with duplicated join values.
    OuterTabular,
    /// Any other mode, kept as named.
    #[serde(untagged)]
    Other(String),
}

/// `joinByField`'s (and `seriesToColumns`') options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct JoinByFieldOptions {
    /// The field to join on (the first time field when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_field: Option<String>,
    /// The kind of join (outer when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<JoinMode>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `joinByLabels`' options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct JoinByLabelsOptions {
    /// The label whose values become the columns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// The labels to join on (every other label when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub join: Option<Vec<String>>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `seriesToRows`' options: none in Grafana 10.4.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct SeriesToRowsOptions {
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// What `concatenate` does with each result's name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase")]
pub enum FrameNameMode {
    /// Drop it.
    Drop,
    /// Put it in the field's name (the default).
    #[serde(rename = "field")]
    FieldName,
    /// Put it in a label of the field (named by `frameNameLabel`).
    Label,
    /// Any other mode, kept as named.
    #[serde(untagged)]
    Other(String),
}

/// `concatenate`'s options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct ConcatenateOptions {
    /// What becomes of each result's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frame_name_mode: Option<FrameNameMode>,
    /// The label that holds it, in label mode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frame_name_label: Option<String>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

// ---------------------------------------------------------------------------------------------------------
// Filtering: filterFieldsByName, filterFields, filterFrames, filterByRefId, filterByValue.
// ---------------------------------------------------------------------------------------------------------

/// `filterFieldsByName`'s options: the fields kept, or dropped.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct FilterFieldsByNameOptions {
    /// The fields kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include: Option<RegexpOrNames>,
    /// The fields dropped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exclude: Option<RegexpOrNames>,
    /// Whether the fields come from a dashboard variable (`include.variable`) rather than names or a regex.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_variable: Option<bool>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Fields given by a list of names, a regex, or a dashboard variable.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct RegexpOrNames {
    /// A regex on field names (`/…/` or bare).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Field names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub names: Option<Vec<String>>,
    /// A dashboard variable (`$fields`) whose values are field names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub variable: Option<String>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `filterFields`' and `filterFrames`' options: the fields (frames) kept, or dropped, by a matcher.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct FilterOptions {
    /// What is kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include: Option<MatcherConfig>,
    /// What is dropped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exclude: Option<MatcherConfig>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `filterByRefId`'s options: the query results kept, or dropped, by refId.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct FilterByRefIdOptions {
    /// The refIds kept: one, or a regex (`/A|B/`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include: Option<String>,
    /// The refIds dropped: one, or a regex.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exclude: Option<String>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// Whether `filterByValue` keeps or drops the matching rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase")]
pub enum FilterByValueType {
    /// Keep them.
    Include,
    /// Drop them.
    Exclude,
}

/// Whether a row must match every `filterByValue` condition or one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase")]
pub enum FilterByValueMatch {
    /// Every condition.
    All,
    /// At least one.
    Any,
}

/// `filterByValue`'s options: rows kept or dropped by conditions on their values.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct FilterByValueOptions {
    /// The conditions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filters: Option<Vec<ValueFilter>>,
    /// Whether matching rows are kept or dropped (`type`).
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub filter_type: Option<FilterByValueType>,
    /// Whether a row must match every condition or one (`match`).
    #[serde(rename = "match", skip_serializing_if = "Option::is_none")]
    pub match_mode: Option<FilterByValueMatch>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One `filterByValue` condition: a field and a test on its value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct ValueFilter {
    /// The field tested (its display name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field_name: Option<String>,
    /// The test.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config: Option<ValueMatcherConfig>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A test on a value: Grafana's `ValueMatcherID`s.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase")]
pub enum ValueMatcherId {
    /// Matches the regex in `value`.
    Regex,
    /// Is null (what Grafana's editor starts a new condition with).
    #[default]
    IsNull,
    /// Is not null.
    IsNotNull,
    /// Greater than `value`.
    Greater,
    /// Greater than or equal to `value`.
    GreaterOrEqual,
    /// Lower than `value`.
    Lower,
    /// Lower than or equal to `value`.
    LowerOrEqual,
    /// Equal to `value`.
    Equal,
    /// Not equal to `value`.
    NotEqual,
    /// Between `from` and `to`.
    Between,
    /// Any other test, kept as named.
    #[serde(untagged)]
    Other(String),
}

/// A test on a value and its operands.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct ValueMatcherConfig {
    /// The test.
    pub id: ValueMatcherId,
    /// Its operands (`{}` for the null tests).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<ValueMatcherOptions>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A value test's operands: `value`, or `from` and `to` for `between`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct ValueMatcherOptions {
    /// The operand: a number, or a text (a regex for `regex`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// The lower bound, for `between`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<Value>,
    /// The upper bound, for `between`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<Value>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

// ---------------------------------------------------------------------------------------------------------
// Reshaping: reduce, labelsToFields, sortBy, groupBy, groupToNestedTable, groupingToMatrix, partitionByValues,
// limit, prepareTimeSeries.
// ---------------------------------------------------------------------------------------------------------

/// What `reduce` produces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase")]
pub enum ReduceMode {
    /// A table with a row per field and a column per calculation (the default).
    SeriesToRows,
    /// The same frames, each field reduced to one value.
    ReduceFields,
    /// Any other mode, kept as named.
    #[serde(untagged)]
    Other(String),
}

/// `reduce`'s options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct ReduceOptions {
    /// The calculations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reducers: Option<Vec<Calc>>,
    /// The fields reduced (every field but time fields when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<MatcherConfig>,
    /// What it produces.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<ReduceMode>,
    /// Whether time fields are reduced too, in reduce-fields mode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include_time_field: Option<bool>,
    /// Whether the series' labels become columns, in series-to-rows mode.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub labels_to_fields: Option<bool>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// How `labelsToFields` lays out the labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase")]
pub enum LabelsToFieldsMode {
    /// A column per label (the default).
    Columns,
    /// A row per label.
    Rows,
}

/// `labelsToFields`' options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct LabelsToFieldsOptions {
    /// Columns or rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<LabelsToFieldsMode>,
    /// The labels kept (every label when absent or empty).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keep_labels: Option<Vec<String>>,
    /// In columns mode, the label whose value names the value field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_label: Option<String>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `sortBy`'s options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct SortByOptions {
    /// The sort keys (Grafana 10.4 uses the first).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort: Option<Vec<SortByField>>,
    /// Keys this crate does not model (Grafana's editor also writes `"fields": {}`), kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A `sortBy` key.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct SortByField {
    /// The field sorted on (its display name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Whether largest first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub desc: Option<bool>,
    /// The field's index, which Grafana's editor may write beside its name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<i64>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl SortByField {
    /// Smallest first by `field` (written without `desc`, as Grafana's editor does).
    pub fn ascending(field: &str) -> Self {
        SortByField {
            field: Some(field.into()),
            ..SortByField::default()
        }
    }

    /// Largest first by `field`.
    pub fn descending(field: &str) -> Self {
        SortByField {
            desc: Some(true),
            ..SortByField::ascending(field)
        }
    }
}

/// What `groupBy` does with a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToRust)]
pub enum GroupByOperation {
    /// Group rows by its values.
    #[serde(rename = "groupby")]
    GroupBy,
    /// Compute its `aggregations` over each group.
    #[serde(rename = "aggregate")]
    Aggregate,
}

/// What `groupBy` (or `groupToNestedTable`) does with one field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct GroupByField {
    /// The calculations, when aggregated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aggregations: Option<Vec<Calc>>,
    /// Group by it or aggregate it; `Some(None)` is Grafana's stored `null` (neither: the field is dropped).
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "present")]
    pub operation: Option<Option<GroupByOperation>>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `groupBy`'s options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct GroupByOptions {
    /// What is done with each field, by field name (fields not listed are dropped).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, GroupByField>>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl GroupByOptions {
    /// The same, grouping rows by `field`'s values (Grafana writes `"aggregations": []` beside).
    pub fn group_by(mut self, field: &str) -> Self {
        let group = GroupByField {
            aggregations: Some(Vec::new()),
            operation: Some(Some(GroupByOperation::GroupBy)),
            extra: Extra::new(),
        };
        self.fields
            .get_or_insert_with(BTreeMap::new)
            .insert(field.into(), group);
        self
    }

    /// The same, computing these calculations of `field` over each group.
    pub fn aggregate(mut self, field: &str, calcs: &[Calc]) -> Self {
        let aggregate = GroupByField {
            aggregations: Some(calcs.to_vec()),
            operation: Some(Some(GroupByOperation::Aggregate)),
            extra: Extra::new(),
        };
        self.fields
            .get_or_insert_with(BTreeMap::new)
            .insert(field.into(), aggregate);
        self
    }
}

/// `groupToNestedTable`'s options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct GroupToNestedTableOptions {
    /// Whether the nested tables show their headers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub show_subframe_headers: Option<bool>,
    /// What is done with each field, by field name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, GroupByField>>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A special value `groupingToMatrix` writes in empty cells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase")]
pub enum SpecialValue {
    /// `true`.
    True,
    /// `false`.
    False,
    /// `null`.
    Null,
    /// An empty text (the default).
    Empty,
    /// Any other value, kept as named.
    #[serde(untagged)]
    Other(String),
}

/// `groupingToMatrix`'s options: a matrix with a row per `rowField` value and a column per `columnField` value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct GroupingToMatrixOptions {
    /// The field whose values become columns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column_field: Option<String>,
    /// The field whose values become rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row_field: Option<String>,
    /// The field whose values fill the cells.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_field: Option<String>,
    /// What empty cells hold.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub empty_value: Option<SpecialValue>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `partitionByValues`' options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct PartitionByValuesOptions {
    /// The fields whose values split the result.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<String>>,
    /// How the new results are named.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub naming: Option<FrameNaming>,
    /// Whether the splitting fields stay in the new results.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keep_fields: Option<bool>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// How `partitionByValues` names the results it makes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct FrameNaming {
    /// Put the splitting values in labels, not in the name (the default).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_labels: Option<bool>,
    /// Append to the result's name rather than replace it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub append: Option<bool>,
    /// Include the fields' names (`Region=Europe`), not only their values.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub with_names: Option<bool>,
    /// Between a field's name and value (`=`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub separator1: Option<String>,
    /// Between name/value pairs (a space).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub separator2: Option<String>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `limit`'s options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct LimitOptions {
    /// How many rows are kept (10 when absent): a number, or a variable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit_field: Option<NumberOrText>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The layout `prepareTimeSeries` produces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase")]
pub enum TimeSeriesFormat {
    /// One frame: a time field and a field per series (the default).
    Wide,
    /// One frame: a time field, the labels as fields, the values.
    Long,
    /// A frame per series: time and value.
    Many,
    /// Any other layout (Grafana's later `multi`), kept as named.
    #[serde(untagged)]
    Other(String),
}

/// `prepareTimeSeries`' options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct PrepareTimeSeriesOptions {
    /// The layout produced.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<TimeSeriesFormat>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

// ---------------------------------------------------------------------------------------------------------
// New fields: calculateField.
// ---------------------------------------------------------------------------------------------------------

/// How `calculateField` computes its field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase")]
pub enum CalculateFieldMode {
    /// A calculation across some fields of each row (the default).
    ReduceRow,
    /// A running calculation down one field.
    CumulativeFunctions,
    /// A calculation over a moving window of one field.
    WindowFunctions,
    /// Two fields (or a field and a number) combined by an operator.
    Binary,
    /// A function of one field.
    Unary,
    /// The row number.
    Index,
    /// Any other mode, kept as named.
    #[serde(untagged)]
    Other(String),
}

/// `calculateField`'s options: the mode, the options of that mode, and where the new field goes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct CalculateFieldOptions {
    /// How the field is computed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<CalculateFieldMode>,
    /// In reduce-row mode: which fields, which calculation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reduce: Option<ReduceRowOptions>,
    /// In window mode: the field, the calculation, the window.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<WindowOptions>,
    /// In cumulative mode: the field and the calculation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cumulative: Option<CumulativeOptions>,
    /// In binary mode: the operands and the operator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub binary: Option<BinaryOptions>,
    /// In unary mode: the field and the function.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unary: Option<UnaryOptions>,
    /// In index mode: whether as a percentile.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<IndexOptions>,
    /// Whether to compute on each time series separately.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_series: Option<bool>,
    /// Whether only the new field is kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replace_fields: Option<bool>,
    /// The new field's name (Grafana derives one when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

impl CalculateFieldOptions {
    /// `left operator right` (each a field name or a number), named `alias`.
    pub fn binary(left: &str, operator: BinaryOperator, right: &str, alias: &str) -> Self {
        CalculateFieldOptions {
            mode: Some(CalculateFieldMode::Binary),
            binary: Some(BinaryOptions {
                left: Some(left.into()),
                operator: Some(operator),
                right: Some(right.into()),
                extra: Extra::new(),
            }),
            alias: Some(alias.into()),
            ..CalculateFieldOptions::default()
        }
    }

    /// `reducer` across these fields of each row, named `alias`.
    pub fn reduce_row(fields: &[&str], reducer: Calc, alias: &str) -> Self {
        CalculateFieldOptions {
            mode: Some(CalculateFieldMode::ReduceRow),
            reduce: Some(ReduceRowOptions {
                include: Some(fields.iter().map(|&field| field.to_owned()).collect()),
                reducer: Some(reducer),
                ..ReduceRowOptions::default()
            }),
            alias: Some(alias.into()),
            ..CalculateFieldOptions::default()
        }
    }
}

/// How reduce-row treats nulls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToRust)]
pub enum NullValueMode {
    /// As nulls.
    #[serde(rename = "null")]
    Null,
    /// Skipped.
    #[serde(rename = "connected")]
    Ignore,
    /// As zeros.
    #[serde(rename = "null as zero")]
    AsZero,
}

/// `calculateField`'s reduce-row options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct ReduceRowOptions {
    /// The fields reduced (every numeric field when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include: Option<Vec<String>>,
    /// The calculation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reducer: Option<Calc>,
    /// How nulls count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub null_value_mode: Option<NullValueMode>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `calculateField`'s cumulative options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct CumulativeOptions {
    /// The field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The running calculation (`sum`, `mean`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reducer: Option<Calc>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// How the window's size is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase")]
pub enum WindowSizeMode {
    /// As a fraction of the rows (`0.1`).
    Percentage,
    /// As a number of rows.
    Fixed,
}

/// Where the window sits relative to the row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase")]
pub enum WindowAlignment {
    /// Ending at the row.
    Trailing,
    /// Centred on the row.
    Centered,
}

/// `calculateField`'s window options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct WindowOptions {
    /// The field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The calculation over the window (`mean`, `variance`, `stdDev`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reducer: Option<Calc>,
    /// The window's size: a fraction of the rows or a number of rows, as `windowSizeMode` says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window_size: Option<Number>,
    /// How the size is given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window_size_mode: Option<WindowSizeMode>,
    /// Where the window sits.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window_alignment: Option<WindowAlignment>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A binary operator of `calculateField`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToRust)]
pub enum BinaryOperator {
    /// `+`.
    #[serde(rename = "+")]
    Add,
    /// `-`.
    #[serde(rename = "-")]
    Subtract,
    /// `*`.
    #[serde(rename = "*")]
    Multiply,
    /// `/`.
    #[serde(rename = "/")]
    Divide,
    /// Any other operator (a newer Grafana's `%`, `**`), kept as named.
    #[serde(untagged)]
    Other(String),
}

/// `calculateField`'s binary options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct BinaryOptions {
    /// The left operand: a field name or a number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left: Option<String>,
    /// The operator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operator: Option<BinaryOperator>,
    /// The right operand: a field name or a number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub right: Option<String>,
    /// Keys this crate does not model (older dashboards carry a `reducer`), kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A function of `calculateField`'s unary mode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase")]
pub enum UnaryOperator {
    /// Absolute value.
    Abs,
    /// Natural exponential.
    Exp,
    /// Natural logarithm.
    Ln,
    /// Round down.
    Floor,
    /// Round up.
    Ceil,
    /// Any other function, kept as named.
    #[serde(untagged)]
    Other(String),
}

/// `calculateField`'s unary options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct UnaryOptions {
    /// The function.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operator: Option<UnaryOperator>,
    /// The field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field_name: Option<String>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `calculateField`'s index options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct IndexOptions {
    /// Whether the row number is given as a percentile of the rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_percentile: Option<bool>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

// ---------------------------------------------------------------------------------------------------------
// Types and formats: convertFieldType, extractFields, histogram, formatTime, formatString.
// ---------------------------------------------------------------------------------------------------------

/// A field type: Grafana's `FieldType`s.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase")]
pub enum FieldType {
    /// Time (or date).
    Time,
    /// Number.
    Number,
    /// Text.
    String,
    /// Boolean.
    Boolean,
    /// A trace.
    Trace,
    /// A geographic point or shape.
    Geo,
    /// An enumeration (numbers shown as texts).
    Enum,
    /// Objects, arrays and anything else (`other`).
    #[serde(rename = "other")]
    Object,
    /// A data frame.
    Frame,
    /// Nested data frames.
    NestedFrames,
    /// Any other type, kept as named.
    #[serde(untagged)]
    Other(String),
}

/// `convertFieldType`'s options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct ConvertFieldTypeOptions {
    /// The conversions, in order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversions: Option<Vec<FieldConversion>>,
    /// Keys this crate does not model (Grafana's editor also writes `"fields": {}`), kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// One `convertFieldType` conversion.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct FieldConversion {
    /// The field converted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_field: Option<String>,
    /// The type it becomes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination_type: Option<FieldType>,
    /// The format a text is parsed with, into a time (`YYYY-MM-DD`), or a time written with, into a text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_format: Option<String>,
    /// The separator an array's values are joined with, into a text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub join_with: Option<String>,
    /// The time zone a time is written in, into a text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// The enumeration's values, into an enum.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enum_config: Option<EnumConfig>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// An enum field's values and how they show.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct EnumConfig {
    /// The texts, by number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Vec<String>>,
    /// Their colours.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<Vec<String>>,
    /// Their icons.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icon: Option<Vec<String>>,
    /// Their descriptions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<Vec<String>>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// How `extractFields` parses its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase")]
pub enum FieldExtractor {
    /// As JSON.
    Json,
    /// As `a=b` or `c:d` pairs (`kvp`).
    #[serde(rename = "kvp")]
    KeyValues,
    /// Whichever fits (the default).
    Auto,
    /// Any other format (a newer Grafana's `regexp`, `delimiter`), kept as named.
    #[serde(untagged)]
    Other(String),
}

/// `extractFields`' options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct ExtractFieldsOptions {
    /// The field parsed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// How it is parsed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<FieldExtractor>,
    /// In JSON format, the paths extracted (every top-level key when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub json_paths: Option<Vec<JsonPath>>,
    /// Whether only the extracted fields are kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replace: Option<bool>,
    /// Whether the time field is kept too, when replacing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub keep_time: Option<bool>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A JSON path `extractFields` extracts, and the field's name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct JsonPath {
    /// The path (`user.name`, `items[0]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The new field's name (the path when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `histogram`'s options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct HistogramOptions {
    /// How many buckets, when no size is given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bucket_count: Option<Number>,
    /// The width of a bucket (a number or a variable).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bucket_size: Option<NumberOrText>,
    /// Where the first bucket starts (a number or a variable).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bucket_offset: Option<NumberOrText>,
    /// Whether every series goes into one histogram.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub combine: Option<bool>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// `formatTime`'s options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct FormatTimeOptions {
    /// The time field formatted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_field: Option<String>,
    /// The format (Moment.js: `YYYY-MM-DD HH:mm`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_format: Option<String>,
    /// The time zone (`browser`, `utc`, `Europe/Paris`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

/// What `formatString` does to the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToRust)]
pub enum StringFormat {
    /// `UPPER CASE`.
    #[serde(rename = "Upper Case")]
    UpperCase,
    /// `lower case`.
    #[serde(rename = "Lower Case")]
    LowerCase,
    /// `Sentence case`.
    #[serde(rename = "Sentence Case")]
    SentenceCase,
    /// `Title Case`.
    #[serde(rename = "Title Case")]
    TitleCase,
    /// `PascalCase`.
    #[serde(rename = "Pascal Case")]
    PascalCase,
    /// `camelCase`.
    #[serde(rename = "Camel Case")]
    CamelCase,
    /// `snake_case`.
    #[serde(rename = "Snake Case")]
    SnakeCase,
    /// `kebab-case`.
    #[serde(rename = "Kebab Case")]
    KebabCase,
    /// Whitespace trimmed from both ends.
    Trim,
    /// A part, from `substringStart` to `substringEnd`.
    Substring,
    /// Any other format, kept as named.
    #[serde(untagged)]
    Other(String),
}

/// `formatString`'s options.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToRust)]
#[serde(rename_all = "camelCase", default)]
pub struct FormatStringOptions {
    /// The text field formatted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub string_field: Option<String>,
    /// What is done to it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output_format: Option<StringFormat>,
    /// In substring format, the first character kept (0 first).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub substring_start: Option<i64>,
    /// In substring format, the character after the last kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub substring_end: Option<i64>,
    /// Keys this crate does not model, kept as read.
    #[serde(flatten)]
    pub extra: Extra,
}

#[cfg(test)]
mod tests {

    use serde_json::json;

    use super::*;

    fn read(json: &Value) -> Transformation {
        serde_json::from_value(json.clone()).expect("a transformation reads")
    }

    fn written(transformation: &Transformation) -> Value {
        serde_json::to_value(transformation).expect("a transformation writes")
    }

    /// Every `transformations[]` item of `panels`, nested panels (rows' and collapsed rows') included.
    fn transformations_of(panels: &Value, out: &mut Vec<Value>) {
        for panel in panels.as_array().into_iter().flatten() {
            if let Some(Value::Array(items)) = panel.get("transformations") {
                out.extend(items.iter().cloned());
            }
            if let Some(nested) = panel.get("panels") {
                transformations_of(nested, out);
            }
        }
    }

    #[test]
    fn every_transformation_of_the_real_dashboards_reads_typed_and_writes_back_exactly() {
        // The real dashboards of other projects, read in place (never copied), found by the test kit's rule.
        let Some(dir) = tumulte_test_kit::repo::shared("corpus/dashboards") else {
            return;
        };
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .expect("the corpus lists")
            .map(|entry| entry.expect("a corpus entry").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        files.sort();
        let mut seen = 0;
        for file in files {
            let text = std::fs::read_to_string(&file).expect("a corpus file reads");
            let dashboard: Value = serde_json::from_str(&text).expect("a corpus file is JSON");
            let mut found = Vec::new();
            transformations_of(&dashboard["panels"], &mut found);
            for row in dashboard["rows"].as_array().into_iter().flatten() {
                transformations_of(&row["panels"], &mut found);
            }
            for json in found {
                let transformation = read(&json);
                assert!(
                    !matches!(transformation.kind, TransformationKind::Other { .. }),
                    "{}: {json} reads untyped",
                    file.display()
                );
                assert_eq!(written(&transformation), json, "{}", file.display());
                seen += 1;
            }
        }
        assert!(seen > 0, "the corpus has transformations");
    }

    #[test]
    fn an_unknown_transformer_is_kept_as_read() {
        let json = json!({"id": "rowsToFields", "options": {"mappings": [{"fieldName": "Max", "handlerKey": "max"}]}});
        let transformation = read(&json);
        assert_eq!(
            transformation.kind,
            TransformationKind::Other {
                id: "rowsToFields".into(),
                options: json["options"].clone()
            }
        );
        assert_eq!(written(&transformation), json);
    }

    #[test]
    fn a_known_transformer_with_options_of_another_shape_is_kept_as_read() {
        for json in [
            json!({"id": "organize", "options": {"indexByName": 3}}),
            json!({"id": "sortBy", "options": {"sort": {"field": "x"}}}),
            json!({"id": "merge", "options": []}),
            json!({"id": "joinByField", "options": null}),
        ] {
            let transformation = read(&json);
            assert!(
                matches!(transformation.kind, TransformationKind::Other { .. }),
                "{json}"
            );
            assert_eq!(written(&transformation), json);
        }
    }

    #[test]
    fn options_that_would_not_be_written_back_exactly_are_kept_as_read() {
        // A null where an option is typed, a float where a count is, a newer shape of the binary operands.
        for json in [
            json!({"id": "labelsToFields", "options": {"mode": null}}),
            json!({"id": "organize", "options": {"indexByName": {"a": 1.0}}}),
            json!({"id": "calculateField", "options": {"mode": "binary", "binary": {"left": {"fixed": "A"}}}}),
        ] {
            let transformation = read(&json);
            assert!(
                matches!(transformation.kind, TransformationKind::Other { .. }),
                "{json}"
            );
            assert_eq!(written(&transformation), json);
        }
    }

    /// A small example of each typed transformer, as Grafana 10.4 writes it.
    fn examples() -> Vec<Value> {
        vec![
            json!({"id": "organize", "options": {"excludeByName": {"Time": true}, "indexByName": {"b": 0, "a": 1},
                "renameByName": {"a": "A"}, "includeByName": {}}}),
            json!({"id": "order", "options": {"indexByName": {"b": 0, "a": 1}}}),
            json!({"id": "rename", "options": {"renameByName": {"Value": "Requests"}}}),
            json!({"id": "renameByRegex", "options": {"regex": "(.*) total", "renamePattern": "$1"}}),
            json!({"id": "merge", "options": {}}),
            json!({"id": "reduce", "options": {"reducers": ["max", "p95"], "mode": "reduceFields",
                "fields": {"id": "byType", "options": "number"}, "includeTimeField": false, "labelsToFields": true}}),
            json!({"id": "seriesToColumns", "options": {"byField": "instance"}}),
            json!({"id": "joinByField", "options": {"byField": "Time", "mode": "outerTabular"}}),
            json!({"id": "joinByLabels", "options": {"value": "job", "join": ["instance"]}}),
            json!({"id": "seriesToRows", "options": {}}),
            json!({"id": "concatenate", "options": {"frameNameMode": "label", "frameNameLabel": "frame"}}),
            json!({"id": "filterFieldsByName", "options": {"include": {"pattern": "/^Value/", "names": ["Time"]},
                "exclude": {"variable": "$hidden"}, "byVariable": false}}),
            json!({"id": "filterFields", "options": {"include": {"id": "byType", "options": "number"}}}),
            json!({"id": "filterFrames", "options": {"exclude": {"id": "byRefId", "options": "B"}}}),
            json!({"id": "filterByRefId", "options": {"include": "/A|B/"}}),
            json!({"id": "filterByValue", "options": {"type": "exclude", "match": "any", "filters": [
                {"fieldName": "Value", "config": {"id": "greater", "options": {"value": 10}}},
                {"fieldName": "Value", "config": {"id": "between", "options": {"from": 1, "to": 2.5}}},
                {"fieldName": "name", "config": {"id": "regex", "options": {"value": "^a"}}},
                {"fieldName": "name", "config": {"id": "isNull", "options": {}}},
            ]}}),
            json!({"id": "labelsToFields", "options": {"mode": "rows", "keepLabels": ["job"], "valueLabel": "le"}}),
            json!({"id": "sortBy", "options": {"fields": {}, "sort": [{"field": "Value", "desc": true, "index": 1}]}}),
            json!({"id": "groupBy", "options": {"fields": {
                "job": {"aggregations": [], "operation": "groupby"},
                "Value": {"aggregations": ["sum", "mean"], "operation": "aggregate"},
                "instance": {"aggregations": [], "operation": null},
            }}}),
            json!({"id": "groupToNestedTable", "options": {"showSubframeHeaders": true, "fields": {
                "job": {"aggregations": [], "operation": "groupby"}}}}),
            json!({"id": "groupingToMatrix", "options": {"columnField": "pod", "rowField": "name",
                "valueField": "Value", "emptyValue": "null"}}),
            json!({"id": "partitionByValues", "options": {"fields": ["region"], "keepFields": true,
                "naming": {"asLabels": false, "withNames": true, "separator1": "=", "separator2": " "}}}),
            json!({"id": "calculateField", "options": {"mode": "binary", "alias": "ratio", "replaceFields": false,
                "binary": {"left": "A", "operator": "/", "right": "100"}}}),
            json!({"id": "calculateField", "options": {"mode": "reduceRow", "timeSeries": true,
                "reduce": {"include": ["a", "b"], "reducer": "sum", "nullValueMode": "null as zero"}}}),
            json!({"id": "calculateField", "options": {"mode": "windowFunctions", "window": {"field": "Value",
                "reducer": "mean", "windowSize": 0.1, "windowSizeMode": "percentage", "windowAlignment": "centered"}}}),
            json!({"id": "calculateField", "options": {"mode": "cumulativeFunctions",
                "cumulative": {"field": "Value", "reducer": "sum"}}}),
            json!({"id": "calculateField", "options": {"mode": "unary", "unary": {"operator": "abs", "fieldName": "x"}}}),
            json!({"id": "calculateField", "options": {"mode": "index", "index": {"asPercentile": true}}}),
            json!({"id": "limit", "options": {"limitField": 10}}),
            json!({"id": "limit", "options": {"limitField": "$rows"}}),
            json!({"id": "convertFieldType", "options": {"fields": {}, "conversions": [
                {"targetField": "time", "destinationType": "time", "dateFormat": "YYYY-MM-DD"},
                {"targetField": "labels", "destinationType": "string", "joinWith": ", "},
                {"targetField": "state", "destinationType": "enum", "enumConfig": {"text": ["up", "down"]}},
                {"targetField": "obj", "destinationType": "other"},
            ]}}),
            json!({"id": "extractFields", "options": {"source": "labels", "format": "json", "replace": true,
                "keepTime": true, "jsonPaths": [{"path": "user.name", "alias": "user"}]}}),
            json!({"id": "histogram", "options": {"bucketCount": 20, "bucketSize": "$size", "bucketOffset": 0.5,
                "combine": true}}),
            json!({"id": "formatTime", "options": {"timeField": "Time", "outputFormat": "YYYY-MM", "timezone": "utc"}}),
            json!({"id": "formatString", "options": {"stringField": "name", "outputFormat": "Substring",
                "substringStart": 0, "substringEnd": 3}}),
            json!({"id": "prepareTimeSeries", "options": {"format": "many"}}),
        ]
    }

    #[test]
    fn each_typed_transformer_reads_its_example_typed_and_writes_it_back_exactly() {
        for json in examples() {
            let transformation = read(&json);
            assert!(
                !matches!(transformation.kind, TransformationKind::Other { .. }),
                "{json} reads untyped"
            );
            assert_eq!(transformation.id(), json["id"], "{json}");
            assert_eq!(written(&transformation), json);
        }
    }

    #[test]
    fn the_examples_cover_every_typed_transformer() {
        let ids: Vec<Value> = examples().into_iter().map(|json| json["id"].clone()).collect();
        for id in TransformationKind::TYPED_IDS {
            assert!(ids.contains(&json!(id)), "no example of {id}");
        }
    }

    #[test]
    fn disabled_filter_topic_and_unknown_keys_are_kept() {
        let json = json!({"id": "merge", "options": {}, "disabled": true, "filter": {"id": "byRefId", "options": "A"},
            "topic": "annotations", "x-note": 1});
        let transformation = read(&json);
        assert_eq!(transformation.disabled, Some(true));
        assert_eq!(transformation.filter, Some(MatcherConfig::by_ref_id("A")));
        assert_eq!(transformation.topic, Some(DataTopic::Annotations));
        assert_eq!(transformation.extra.get("x-note"), Some(&json!(1)));
        assert_eq!(written(&transformation), json);
    }

    #[test]
    fn disabled_filter_and_topic_of_another_type_are_kept_as_read() {
        let json = json!({"id": "merge", "options": {}, "disabled": "yes", "filter": null, "topic": 3});
        let transformation = read(&json);
        assert_eq!(
            (transformation.disabled, &transformation.filter, &transformation.topic),
            (None, &None, &None)
        );
        assert_eq!(written(&transformation), json);
    }

    #[test]
    fn a_transformation_stored_without_options_is_written_back_without() {
        for json in [json!({"id": "merge"}), json!({"id": "somePluginTransformer"})] {
            let transformation = read(&json);
            assert_eq!(transformation.options_json(), None, "{json}");
            assert_eq!(written(&transformation), json);
        }
        assert!(matches!(
            read(&json!({"id": "merge"})).kind,
            TransformationKind::Merge(_)
        ));
    }

    #[test]
    fn options_set_on_a_transformation_stored_without_any_are_written() {
        let mut transformation = read(&json!({"id": "limit"}));
        transformation.kind = Transformation::limit(5).kind;
        assert_eq!(
            written(&transformation),
            json!({"id": "limit", "options": {"limitField": 5}})
        );
    }

    #[test]
    fn a_transformation_id_that_is_not_a_text_is_refused() {
        assert!(serde_json::from_value::<Transformation>(json!({"id": 3, "options": {}})).is_err());
    }

    #[test]
    fn new_types_the_options_that_fit_and_keeps_the_others() {
        let typed = Transformation::new("joinByField", json!({"byField": "Time"}));
        assert_eq!(
            typed.kind,
            TransformationKind::JoinByField(JoinByFieldOptions {
                by_field: Some("Time".into()),
                ..JoinByFieldOptions::default()
            })
        );
        let untyped = Transformation::new("joinByField", json!({"byField": 1}));
        assert!(matches!(untyped.kind, TransformationKind::Other { .. }));
        assert_eq!(untyped.options_json(), Some(json!({"byField": 1})));
    }

    #[test]
    fn constructors_write_what_grafana_writes() {
        let cases = [
            (Transformation::merge(), json!({"id": "merge", "options": {}})),
            (
                Transformation::reduce(&[Calc::LastNotNull]),
                json!({"id": "reduce", "options": {"reducers": ["lastNotNull"]}}),
            ),
            (
                Transformation::join_by_field("namespace"),
                json!({"id": "joinByField", "options": {"byField": "namespace"}}),
            ),
            (
                Transformation::filter_fields_by_name(&["pod", "Value"]),
                json!({"id": "filterFieldsByName", "options": {"include": {"names": ["pod", "Value"]}}}),
            ),
            (
                Transformation::sort_by("Value", true),
                json!({"id": "sortBy", "options": {"sort": [{"field": "Value", "desc": true}]}}),
            ),
            (
                Transformation::limit(10),
                json!({"id": "limit", "options": {"limitField": 10}}),
            ),
            (
                Transformation::series_to_rows(),
                json!({"id": "seriesToRows", "options": {}}),
            ),
            (
                Transformation::labels_to_fields(),
                json!({"id": "labelsToFields", "options": {}}),
            ),
            (
                Transformation::organize(
                    OrganizeOptions::default()
                        .exclude("Time")
                        .rename("Value", "CPU")
                        .order(&["pod"]),
                ),
                json!({"id": "organize", "options": {"excludeByName": {"Time": true}, "indexByName": {"pod": 0},
                    "renameByName": {"Value": "CPU"}}}),
            ),
            (
                Transformation::group_by(
                    GroupByOptions::default()
                        .group_by("job")
                        .aggregate("Value", &[Calc::Max]),
                ),
                json!({"id": "groupBy", "options": {"fields": {
                    "job": {"aggregations": [], "operation": "groupby"},
                    "Value": {"aggregations": ["max"], "operation": "aggregate"}}}}),
            ),
            (
                Transformation::calculate_field(CalculateFieldOptions::binary("A", BinaryOperator::Divide, "B", "A/B")),
                json!({"id": "calculateField", "options": {"mode": "binary", "alias": "A/B",
                    "binary": {"left": "A", "operator": "/", "right": "B"}}}),
            ),
            (
                Transformation::calculate_field(CalculateFieldOptions::reduce_row(&["a", "b"], Calc::Sum, "total")),
                json!({"id": "calculateField", "options": {"mode": "reduceRow", "alias": "total",
                    "reduce": {"include": ["a", "b"], "reducer": "sum"}}}),
            ),
            (
                Transformation::merge().for_query("B"),
                json!({"id": "merge", "options": {}, "filter": {"id": "byRefId", "options": "B"}}),
            ),
        ];
        for (transformation, json) in cases {
            assert_eq!(written(&transformation), json);
            assert_eq!(read(&json), transformation, "{json} reads as built");
        }
    }

    #[test]
    fn a_modelled_key_also_in_extra_is_written_once() {
        let mut transformation = Transformation::merge();
        transformation.disabled = Some(false);
        transformation.extra.insert("disabled".into(), json!(true));
        transformation.extra.insert("id".into(), json!("x"));
        assert_eq!(
            written(&transformation),
            json!({"id": "merge", "options": {}, "disabled": false})
        );
    }
}
