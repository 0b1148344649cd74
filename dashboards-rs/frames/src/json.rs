//! Grafana's data frame JSON, the shape `/api/ds/query` answers a browser in and `@grafana/data`'s
//! `dataFrameFromJSON` reads: `{"schema": {name, refId, meta, fields}, "data": {values, entities}}`, times in
//! milliseconds, NaN and ±Inf written as `null` with their row listed under the field's `entities`.

use std::collections::BTreeMap;

use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::frame::{Field, Frame, Meta, Values};

impl Serialize for Frame {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        Wire::from(self).serialize(serializer)
    }
}

#[derive(Serialize)]
struct Wire<'a> {
    schema: Schema<'a>,
    data: Data<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Schema<'a> {
    #[serde(skip_serializing_if = "str::is_empty")]
    name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    ref_id: &'a str,
    #[serde(skip_serializing_if = "is_empty_meta")]
    meta: &'a Meta,
    fields: Vec<SchemaField<'a>>,
}

fn is_empty_meta(meta: &&Meta) -> bool {
    **meta == Meta::default()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SchemaField<'a> {
    #[serde(skip_serializing_if = "str::is_empty")]
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    type_info: TypeInfo,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    labels: &'a BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    config: Option<&'a Value>,
}

/// The Go type Grafana's SDK would hold the column in.
#[derive(Serialize)]
struct TypeInfo {
    frame: &'static str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    nullable: bool,
}

#[derive(Serialize)]
struct Data<'a> {
    values: Vec<Column<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    entities: Option<Vec<Option<Entities>>>,
}

/// A column's values as JSON: non-finite floats are `null` here and listed in [`Entities`].
enum Column<'a> {
    Values(&'a Values),
}

impl Serialize for Column<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Column::Values(values) = self;
        match values {
            Values::Time(v) => serializer.collect_seq(v.iter_ms()),
            Values::F64(v) => serializer.collect_seq(v.iter().map(|x| x.filter(|x| x.is_finite()))),
            Values::I64(v) => v.serialize(serializer),
            Values::Str(v) => v.serialize(serializer),
            Values::Bool(v) => v.serialize(serializer),
        }
    }
}

/// The rows of a float column that hold values JSON cannot: `NaN`, `+Inf`, `-Inf`.
#[derive(Serialize, Default)]
struct Entities {
    #[serde(rename = "NaN", skip_serializing_if = "Vec::is_empty")]
    nan: Vec<usize>,
    #[serde(rename = "Inf", skip_serializing_if = "Vec::is_empty")]
    inf: Vec<usize>,
    #[serde(rename = "NegInf", skip_serializing_if = "Vec::is_empty")]
    neg_inf: Vec<usize>,
}

fn entities(values: &Values) -> Option<Entities> {
    let Values::F64(v) = values else { return None };
    let mut out = Entities::default();
    for (row, x) in v.iter().enumerate() {
        match x {
            Some(x) if x.is_nan() => out.nan.push(row),
            Some(x) if x == f64::INFINITY => out.inf.push(row),
            Some(x) if x == f64::NEG_INFINITY => out.neg_inf.push(row),
            _ => {}
        }
    }
    (!(out.nan.is_empty() && out.inf.is_empty() && out.neg_inf.is_empty())).then_some(out)
}

fn type_of(values: &Values) -> (&'static str, TypeInfo) {
    let (kind, frame, nullable) = match values {
        Values::Time(_) => ("time", "time.Time", false),
        Values::F64(_) => ("number", "float64", true),
        Values::I64(_) => ("number", "int64", true),
        Values::Str(_) => ("string", "string", true),
        Values::Bool(_) => ("boolean", "bool", true),
    };
    (kind, TypeInfo { frame, nullable })
}

impl<'a> From<&'a Frame> for Wire<'a> {
    fn from(frame: &'a Frame) -> Self {
        let fields = frame
            .fields
            .iter()
            .map(|field: &'a Field| {
                let (kind, type_info) = type_of(&field.values);
                SchemaField {
                    name: &field.name,
                    kind,
                    type_info,
                    labels: &field.labels,
                    config: field.config.as_ref(),
                }
            })
            .collect();
        let entities: Vec<Option<Entities>> = frame.fields.iter().map(|f| entities(&f.values)).collect();
        Wire {
            schema: Schema {
                name: &frame.name,
                ref_id: &frame.ref_id,
                meta: &frame.meta,
                fields,
            },
            data: Data {
                values: frame.fields.iter().map(|f| Column::Values(&f.values)).collect(),
                entities: entities.iter().any(Option::is_some).then_some(entities),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::frame::FrameType;

    #[test]
    fn a_time_series_is_written_as_grafana_reads_it() {
        let frame = Frame {
            name: String::new(),
            ref_id: "A".into(),
            meta: Meta::new(FrameType::TimeseriesWide).executed("up"),
            fields: vec![
                Field::new("Time", Values::Time(vec![1_000, 2_000].into())),
                Field::new("up", Values::F64(vec![Some(1.0), None].into()))
                    .labels(BTreeMap::from([("job".to_owned(), "api".to_owned())]))
                    .config(json!({"displayNameFromDS": "api"})),
            ],
        };
        assert_eq!(
            serde_json::to_value(&frame).expect("serialises"),
            json!({
                "schema": {
                    "refId": "A",
                    "meta": {"type": "timeseries-wide", "typeVersion": [0, 1], "executedQueryString": "up"},
                    "fields": [
                        {"name": "Time", "type": "time", "typeInfo": {"frame": "time.Time"}},
                        {"name": "up", "type": "number", "typeInfo": {"frame": "float64", "nullable": true},
                         "labels": {"job": "api"}, "config": {"displayNameFromDS": "api"}}
                    ]
                },
                "data": {"values": [[1_000, 2_000], [1.0, null]]}
            })
        );
    }

    #[test]
    fn non_finite_floats_are_listed_as_entities() {
        let mut frame = Frame::empty("", "A", Meta::default());
        frame
            .fields
            .push(Field::new("s", Values::Str(vec![Some("a".into()); 4])));
        frame.fields.push(Field::new(
            "v",
            Values::F64(vec![Some(f64::NAN), Some(f64::INFINITY), Some(f64::NEG_INFINITY), Some(2.0)].into()),
        ));
        let json = serde_json::to_value(&frame).expect("serialises");
        assert_eq!(json["data"]["values"][1], json!([null, null, null, 2.0]));
        assert_eq!(
            json["data"]["entities"],
            json!([null, {"NaN": [0], "Inf": [1], "NegInf": [2]}])
        );
    }
}
