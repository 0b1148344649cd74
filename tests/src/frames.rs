//! Frames decoded with `arrow-ipc`'s `FileReader`, as Grafana's Go decoder would read them.

use std::collections::BTreeMap;
use std::io::Cursor;

use arrow_array::{Array, Float64Array, Int64Array, StringArray, TimestampNanosecondArray};
use arrow_ipc::reader::FileReader;
use arrow_schema::{DataType, TimeUnit};
use serde_json::Value;

use crate::Error;

/// A column's values.
#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    /// Nanosecond timestamps.
    Time(Vec<Option<i64>>),
    /// Floats.
    F64(Vec<Option<f64>>),
    /// Integers.
    I64(Vec<Option<i64>>),
    /// Strings.
    Str(Vec<Option<String>>),
}

/// A decoded field.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedField {
    /// Its name.
    pub name: String,
    /// Its labels (`labels` metadata), if any.
    pub labels: BTreeMap<String, String>,
    /// Its config (`config` metadata), if any.
    pub config: Option<Value>,
    /// Arrow nullability.
    pub nullable: bool,
    /// Its values.
    pub column: Column,
}

impl DecodedField {
    /// The values as floats (integers widened), `None` for null or non-numeric columns.
    pub fn numbers(&self) -> Vec<Option<f64>> {
        match &self.column {
            Column::F64(v) => v.clone(),
            Column::I64(v) => v.iter().map(|x| x.map(|i| i as f64)).collect(),
            Column::Time(v) => v.iter().map(|x| x.map(|i| i as f64)).collect(),
            Column::Str(v) => vec![None; v.len()],
        }
    }

    /// The values as strings.
    pub fn strings(&self) -> Vec<Option<String>> {
        match &self.column {
            Column::Str(v) => v.clone(),
            _ => Vec::new(),
        }
    }
}

/// A decoded frame.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedFrame {
    /// `name`.
    pub name: String,
    /// `refId`.
    pub ref_id: String,
    /// `meta`, parsed.
    pub meta: Value,
    /// The fields.
    pub fields: Vec<DecodedField>,
}

impl DecodedFrame {
    /// The field called `name` (the first one).
    pub fn field(&self, name: &str) -> Option<&DecodedField> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The number of rows.
    pub fn rows(&self) -> usize {
        self.fields
            .first()
            .map_or(0, |f| f.numbers().len().max(f.strings().len()))
    }
}

/// Decodes one Arrow IPC file as Grafana does.
pub fn decode(bytes: &[u8]) -> Result<DecodedFrame, Error> {
    let reader = FileReader::try_new(Cursor::new(bytes.to_vec()), None)?;
    let schema = reader.schema();
    let md = schema.metadata();
    let meta: Value = match md.get("meta") {
        Some(m) => serde_json::from_str(m)?,
        None => Value::Null,
    };
    let batches: Vec<_> = reader.collect::<Result<_, _>>()?;
    let mut fields = Vec::new();
    for (i, f) in schema.fields().iter().enumerate() {
        let labels: BTreeMap<String, String> = match f.metadata().get("labels") {
            Some(l) => serde_json::from_str(l)?,
            None => BTreeMap::new(),
        };
        let config: Option<Value> = match f.metadata().get("config") {
            Some(c) => Some(serde_json::from_str(c)?),
            None => None,
        };
        let column = match f.data_type() {
            DataType::Timestamp(TimeUnit::Nanosecond, _) => {
                Column::Time(collect::<TimestampNanosecondArray, _>(&batches, i, |a, j| a.value(j))?)
            }
            DataType::Float64 => Column::F64(collect::<Float64Array, _>(&batches, i, |a, j| a.value(j))?),
            DataType::Int64 => Column::I64(collect::<Int64Array, _>(&batches, i, |a, j| a.value(j))?),
            DataType::Utf8 => Column::Str(collect::<StringArray, _>(&batches, i, |a, j| a.value(j).to_owned())?),
            other => return Err(format!("field {}: type {other} is not one Grafana decodes here", f.name()).into()),
        };
        fields.push(DecodedField {
            name: f.name().clone(),
            labels,
            config,
            nullable: f.is_nullable(),
            column,
        });
    }
    Ok(DecodedFrame {
        name: md.get("name").cloned().unwrap_or_default(),
        ref_id: md.get("refId").cloned().unwrap_or_default(),
        meta,
        fields,
    })
}

fn collect<A: Array + 'static, T>(
    batches: &[arrow_array::RecordBatch],
    i: usize,
    get: impl Fn(&A, usize) -> T,
) -> Result<Vec<Option<T>>, Error> {
    let mut out = Vec::new();
    for b in batches {
        let a = b
            .column(i)
            .as_any()
            .downcast_ref::<A>()
            .ok_or("column type does not match the schema")?;
        for j in 0..a.len() {
            out.push(if a.is_null(j) { None } else { Some(get(a, j)) });
        }
    }
    Ok(out)
}

/// Checks the data-plane contract: `meta.type` with `typeVersion` `[0, 1]`; for a time series, the time field
/// first, ascending, without nulls or labels, then numeric fields.
pub fn check_dataplane(frame: &DecodedFrame) -> Result<(), String> {
    let kind = frame.meta["type"].as_str().ok_or("meta.type is missing")?;
    if frame.meta["typeVersion"] != serde_json::json!([0, 1]) {
        return Err(format!("meta.typeVersion is {}, not [0,1]", frame.meta["typeVersion"]));
    }
    if kind.starts_with("timeseries") && !frame.fields.is_empty() {
        let time = &frame.fields[0];
        let Column::Time(ts) = &time.column else {
            return Err(format!("first field {} is not a time field", time.name));
        };
        if ts.iter().any(Option::is_none) || time.nullable {
            return Err("the time field has nulls".into());
        }
        if ts.windows(2).any(|w| w[0] >= w[1]) {
            return Err("the time field is not ascending".into());
        }
        if !time.labels.is_empty() {
            return Err("the time field has labels".into());
        }
        if frame.fields.len() < 2 {
            return Err("a time series without a numeric field".into());
        }
        for f in &frame.fields[1..] {
            if !matches!(f.column, Column::F64(_) | Column::I64(_)) {
                return Err(format!("field {} is not numeric", f.name));
            }
        }
    }
    Ok(())
}
