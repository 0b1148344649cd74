//! Arrow IPC **file** encoding of a [`Frame`], as Grafana decodes it: schema metadata `name`, `refId`, `meta`;
//! field metadata `name`, `labels` and `config`; times as nanosecond timestamps.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::{
    ArrayRef, Float64Array, Int64Array, RecordBatch, RecordBatchOptions, StringArray, TimestampNanosecondArray,
};
use arrow_ipc::writer::FileWriter;
use arrow_schema::{ArrowError, DataType, Field as ArrowField, Schema, TimeUnit};

use super::{Field, Frame, Values};

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
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::io::Cursor;

    use arrow_array::Array;
    use arrow_ipc::reader::FileReader;
    use serde_json::json;

    use super::*;
    use crate::frames::{FrameType, Meta};

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
