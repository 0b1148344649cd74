//! Arrow IPC **file** encoding of a [`Frame`], as Grafana reads it from a backend plugin: schema metadata `name`,
//! `refId`, `meta`; field metadata `name`, `labels` and `config`; times as nanosecond timestamps. [`decode`] reads
//! such a file back, as Grafana does before it answers a browser in JSON.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type, TimestampMicrosecondType,
    TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType, UInt16Type, UInt32Type, UInt64Type,
    UInt8Type,
};
use arrow_array::{
    Array, ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, RecordBatchOptions, StringArray,
    TimestampNanosecondArray,
};
use arrow_ipc::reader::FileReader;
use arrow_ipc::writer::FileWriter;
use arrow_schema::{ArrowError, DataType, Field as ArrowField, Schema, TimeUnit};

use crate::frame::{Field, Frame, Values};

/// Why a frame could not be encoded (a bug: fields of unequal lengths, or an Arrow failure).
#[derive(Debug, thiserror::Error)]
pub enum EncodeError {
    /// Fields of different lengths.
    #[error("frame {frame:?}: field {field:?} has {got} rows, the first field has {expected}")]
    Ragged {
        /// The frame.
        frame: String,
        /// The field.
        field: String,
        /// Its length.
        got: usize,
        /// The first field's length.
        expected: usize,
    },
    /// Arrow refused.
    #[error("frame {frame:?}: Arrow encoding failed: {source}")]
    Arrow {
        /// The frame.
        frame: String,
        /// Arrow's error.
        source: ArrowError,
    },
    /// JSON metadata failed to serialize.
    #[error("frame {frame:?}: metadata: {source}")]
    Json {
        /// The frame.
        frame: String,
        /// serde's error.
        source: serde_json::Error,
    },
}

/// Encodes a frame as one Arrow IPC file.
pub fn encode(frame: &Frame) -> Result<Vec<u8>, EncodeError> {
    let rows = frame.fields.first().map_or(0, |f| f.values.len());
    let mut arrow_fields = Vec::with_capacity(frame.fields.len());
    let mut columns: Vec<ArrayRef> = Vec::with_capacity(frame.fields.len());
    for field in &frame.fields {
        if field.values.len() != rows {
            return Err(EncodeError::Ragged {
                frame: frame.name.clone(),
                field: field.name.clone(),
                got: field.values.len(),
                expected: rows,
            });
        }
        let (data_type, nullable, column) = column(&field.values);
        arrow_fields.push(
            ArrowField::new(field.name.clone(), data_type, nullable).with_metadata(field_metadata(frame, field)?),
        );
        columns.push(column);
    }
    let meta = serde_json::to_string(&frame.meta).map_err(|source| EncodeError::Json {
        frame: frame.name.clone(),
        source,
    })?;
    let schema = Arc::new(Schema::new_with_metadata(
        arrow_fields,
        HashMap::from([
            ("name".to_owned(), frame.name.clone()),
            ("refId".to_owned(), frame.ref_id.clone()),
            ("meta".to_owned(), meta),
        ]),
    ));
    let arrow = |source| EncodeError::Arrow {
        frame: frame.name.clone(),
        source,
    };
    let batch = RecordBatch::try_new_with_options(
        schema.clone(),
        columns,
        &RecordBatchOptions::new().with_row_count(Some(rows)),
    )
    .map_err(arrow)?;
    let mut writer = FileWriter::try_new(Vec::new(), &schema).map_err(arrow)?;
    writer.write(&batch).map_err(arrow)?;
    writer.into_inner().map_err(arrow)
}

fn field_metadata(frame: &Frame, field: &Field) -> Result<HashMap<String, String>, EncodeError> {
    let json = |value: &dyn erased::Json| {
        value.to_json().map_err(|source| EncodeError::Json {
            frame: frame.name.clone(),
            source,
        })
    };
    let mut metadata = HashMap::from([("name".to_owned(), field.name.clone())]);
    if !field.labels.is_empty() {
        metadata.insert("labels".to_owned(), json(&field.labels)?);
    }
    if let Some(config) = &field.config {
        metadata.insert("config".to_owned(), json(config)?);
    }
    Ok(metadata)
}

mod erased {
    /// Serialize to a JSON string through a trait object.
    pub trait Json {
        fn to_json(&self) -> Result<String, serde_json::Error>;
    }
    impl<T: serde::Serialize> Json for T {
        fn to_json(&self) -> Result<String, serde_json::Error> {
            serde_json::to_string(self)
        }
    }
}

fn column(values: &Values) -> (DataType, bool, ArrayRef) {
    match values {
        Values::Time(ms) => (
            DataType::Timestamp(TimeUnit::Nanosecond, None),
            false,
            Arc::new(TimestampNanosecondArray::from_iter_values(
                ms.iter().map(|t| t.saturating_mul(1_000_000)),
            )),
        ),
        Values::F64(v) => (
            DataType::Float64,
            true,
            Arc::new(v.iter().copied().collect::<Float64Array>()),
        ),
        Values::I64(v) => (
            DataType::Int64,
            true,
            Arc::new(v.iter().copied().collect::<Int64Array>()),
        ),
        Values::Str(v) => (
            DataType::Utf8,
            true,
            Arc::new(v.iter().map(Option::as_deref).collect::<StringArray>()),
        ),
        Values::Bool(v) => (
            DataType::Boolean,
            true,
            Arc::new(v.iter().copied().collect::<BooleanArray>()),
        ),
    }
}

/// Why an Arrow IPC file could not be read as a frame.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    /// Not an Arrow IPC file, or a damaged one.
    #[error("not a readable Arrow IPC file: {0}")]
    Arrow(#[from] ArrowError),
    /// A metadata value that is not the JSON Grafana writes there.
    #[error("frame {frame:?}: the {key:?} metadata is not valid JSON: {source}")]
    Metadata {
        /// The frame.
        frame: String,
        /// The metadata key (`meta`, `labels`, `config`).
        key: &'static str,
        /// serde's error.
        source: serde_json::Error,
    },
    /// A column type Grafana's data frames do not have.
    #[error("frame {frame:?}: field {field:?} is of Arrow type {data_type}, which no Grafana field type holds")]
    Unsupported {
        /// The frame.
        frame: String,
        /// The field.
        field: String,
        /// Its Arrow type.
        data_type: DataType,
    },
    /// A time field with a null time.
    #[error("frame {frame:?}: time field {field:?} has a null time; Grafana's time fields are never null")]
    NullTime {
        /// The frame.
        frame: String,
        /// The field.
        field: String,
    },
}

/// Reads one Arrow IPC file (as a backend plugin answers) as a frame; every record batch is appended.
pub fn decode(bytes: &[u8]) -> Result<Frame, DecodeError> {
    let reader = FileReader::try_new(std::io::Cursor::new(bytes), None)?;
    let schema = reader.schema();
    let metadata = schema.metadata();
    let name = metadata.get("name").cloned().unwrap_or_default();
    fn json<T: serde::de::DeserializeOwned>(frame: &str, key: &'static str, text: &str) -> Result<T, DecodeError> {
        serde_json::from_str(text).map_err(|source| DecodeError::Metadata {
            frame: frame.to_owned(),
            key,
            source,
        })
    }
    let meta = match metadata.get("meta") {
        Some(text) if !text.is_empty() && text != "null" => json(&name, "meta", text)?,
        _ => Default::default(),
    };
    let mut fields = Vec::with_capacity(schema.fields().len());
    for arrow_field in schema.fields() {
        let field_metadata = arrow_field.metadata();
        let mut field = Field::new(
            field_metadata.get("name").unwrap_or(arrow_field.name()).clone(),
            empty_values(&name, arrow_field)?,
        );
        if let Some(labels) = field_metadata.get("labels").filter(|l| !l.is_empty()) {
            field.labels = json(&name, "labels", labels)?;
        }
        if let Some(config) = field_metadata.get("config").filter(|c| !c.is_empty() && *c != "null") {
            field.config = Some(json(&name, "config", config)?);
        }
        fields.push(field);
    }
    for batch in reader {
        let batch = batch?;
        for (field, column) in fields.iter_mut().zip(batch.columns()) {
            append(&name, field, column.as_ref())?;
        }
    }
    Ok(Frame {
        name: name.clone(),
        ref_id: metadata.get("refId").cloned().unwrap_or_default(),
        meta,
        fields,
    })
}

fn empty_values(frame: &str, field: &ArrowField) -> Result<Values, DecodeError> {
    Ok(match field.data_type() {
        DataType::Timestamp(..) => Values::Time(Vec::new()),
        DataType::Float16 | DataType::Float32 | DataType::Float64 => Values::F64(Vec::new()),
        DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32
        | DataType::UInt64 => Values::I64(Vec::new()),
        DataType::Utf8 | DataType::LargeUtf8 => Values::Str(Vec::new()),
        DataType::Boolean => Values::Bool(Vec::new()),
        other => {
            return Err(DecodeError::Unsupported {
                frame: frame.to_owned(),
                field: field.name().clone(),
                data_type: other.clone(),
            })
        }
    })
}

fn append(frame: &str, field: &mut Field, column: &dyn Array) -> Result<(), DecodeError> {
    fn ints<T: arrow_array::ArrowPrimitiveType>(column: &dyn Array, out: &mut Vec<Option<i64>>)
    where
        T::Native: TryInto<i64>,
    {
        out.extend(
            column
                .as_primitive::<T>()
                .iter()
                .map(|v| v.and_then(|v| v.try_into().ok())),
        );
    }
    match (&mut field.values, column.data_type()) {
        (Values::Time(out), DataType::Timestamp(unit, _)) => {
            if column.null_count() > 0 {
                return Err(DecodeError::NullTime {
                    frame: frame.to_owned(),
                    field: field.name.clone(),
                });
            }
            let ms = |v: i64| match unit {
                TimeUnit::Second => v.saturating_mul(1000),
                TimeUnit::Millisecond => v,
                TimeUnit::Microsecond => v.div_euclid(1000),
                TimeUnit::Nanosecond => v.div_euclid(1_000_000),
            };
            let raw: Vec<i64> = match unit {
                TimeUnit::Second => column.as_primitive::<TimestampSecondType>().values().to_vec(),
                TimeUnit::Millisecond => column.as_primitive::<TimestampMillisecondType>().values().to_vec(),
                TimeUnit::Microsecond => column.as_primitive::<TimestampMicrosecondType>().values().to_vec(),
                TimeUnit::Nanosecond => column.as_primitive::<TimestampNanosecondType>().values().to_vec(),
            };
            out.extend(raw.into_iter().map(ms));
        }
        (Values::F64(out), DataType::Float64) => out.extend(column.as_primitive::<Float64Type>().iter()),
        (Values::F64(out), DataType::Float32) => {
            out.extend(column.as_primitive::<Float32Type>().iter().map(|v| v.map(f64::from)))
        }
        (Values::I64(out), DataType::Int8) => ints::<Int8Type>(column, out),
        (Values::I64(out), DataType::Int16) => ints::<Int16Type>(column, out),
        (Values::I64(out), DataType::Int32) => ints::<Int32Type>(column, out),
        (Values::I64(out), DataType::Int64) => ints::<Int64Type>(column, out),
        (Values::I64(out), DataType::UInt8) => ints::<UInt8Type>(column, out),
        (Values::I64(out), DataType::UInt16) => ints::<UInt16Type>(column, out),
        (Values::I64(out), DataType::UInt32) => ints::<UInt32Type>(column, out),
        (Values::I64(out), DataType::UInt64) => ints::<UInt64Type>(column, out),
        (Values::Str(out), DataType::Utf8) => {
            out.extend(column.as_string::<i32>().iter().map(|v| v.map(str::to_owned)))
        }
        (Values::Str(out), DataType::LargeUtf8) => {
            out.extend(column.as_string::<i64>().iter().map(|v| v.map(str::to_owned)))
        }
        (Values::Bool(out), DataType::Boolean) => out.extend(column.as_boolean().iter()),
        (_, other) => {
            return Err(DecodeError::Unsupported {
                frame: frame.to_owned(),
                field: field.name.clone(),
                data_type: other.clone(),
            })
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::io::Cursor;

    use arrow_array::Array;
    use arrow_ipc::reader::FileReader;
    use serde_json::json;

    use super::*;
    use crate::frame::{FrameType, Meta};

    #[test]
    fn labels_and_config_both_survive() {
        let frame = Frame {
            name: "hit rate".into(),
            ref_id: "A".into(),
            meta: Meta::new(FrameType::TimeseriesWide).executed("up"),
            fields: vec![
                Field::new("Time", Values::Time(vec![1_000, 2_000])),
                Field::new("Value", Values::F64(vec![Some(1.0), None]))
                    .labels(BTreeMap::from([("cache".to_owned(), "polls".to_owned())]))
                    .config(json!({"unit": "percent"})),
            ],
        };
        let bytes = encode(&frame).expect("encodes");
        let reader = FileReader::try_new(Cursor::new(bytes), None).expect("an Arrow file");
        let schema = reader.schema();
        assert_eq!(schema.metadata()["refId"], "A");
        let meta: serde_json::Value = serde_json::from_str(&schema.metadata()["meta"]).expect("json");
        assert_eq!(meta["type"], "timeseries-wide");
        assert_eq!(meta["typeVersion"], json!([0, 1]));
        assert_eq!(meta["executedQueryString"], "up");
        let value = schema.field(1);
        assert_eq!(value.metadata()["labels"], r#"{"cache":"polls"}"#);
        assert_eq!(value.metadata()["config"], r#"{"unit":"percent"}"#);
        assert!(!schema.field(0).is_nullable());
        let batches: Vec<_> = reader.collect::<Result<_, _>>().expect("batches");
        assert_eq!(batches[0].num_rows(), 2);
        assert!(batches[0].column(1).is_null(1));
    }

    #[test]
    fn decoding_gives_back_the_encoded_frame() {
        let mut meta = Meta::new(FrameType::Table).executed("up");
        meta.custom = Some(json!({"overall": "ok"}));
        let frame = Frame {
            name: "verdict".into(),
            ref_id: "V".into(),
            meta,
            fields: vec![
                Field::new("Time", Values::Time(vec![1_000, 2_000])),
                Field::new("Value", Values::F64(vec![Some(f64::INFINITY), None]))
                    .labels(BTreeMap::from([("job".to_owned(), "api".to_owned())]))
                    .config(json!({"unit": "s"})),
                Field::new("Count", Values::I64(vec![Some(3), None])),
                Field::new("Level", Values::Str(vec![Some("ok".into()), None])),
                Field::new("Up", Values::Bool(vec![Some(true), None])),
            ],
        };
        assert_eq!(decode(&encode(&frame).expect("encodes")).expect("decodes"), frame);
    }

    #[test]
    fn decoding_names_what_is_not_an_arrow_file() {
        let error = decode(b"{}").expect_err("not Arrow");
        assert!(error.to_string().contains("Arrow IPC"), "{error}");
    }

    #[test]
    fn an_empty_frame_encodes() {
        let frame = Frame::empty("", "B", Meta::new(FrameType::Table));
        let bytes = encode(&frame).expect("encodes");
        assert!(FileReader::try_new(Cursor::new(bytes), None).is_ok());
    }

    #[test]
    fn ragged_fields_are_refused() {
        let mut frame = Frame::empty("x", "A", Meta::new(FrameType::Table));
        frame.fields.push(Field::new("a", Values::I64(vec![Some(1)])));
        frame.fields.push(Field::new("b", Values::I64(vec![])));
        assert!(matches!(encode(&frame), Err(EncodeError::Ragged { .. })));
    }
}
