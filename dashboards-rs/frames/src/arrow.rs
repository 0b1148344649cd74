//! Arrow IPC **file** encoding of a [`Frame`], as Grafana reads it from a backend plugin: schema metadata `name`,
//! `refId`, `meta`; field metadata `name`, `labels` and `config`; times as nanosecond timestamps. [`decode`] reads
//! such a file back, as Grafana does before it answers a browser in JSON.

use std::collections::HashMap;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type, TimestampMicrosecondType,
    TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType, UInt16Type, UInt32Type, UInt64Type,
    UInt8Type,
};
use arrow_array::{Array, BooleanArray, Int64Array, StringArray};
use arrow_buffer::{Buffer, MutableBuffer, NullBuffer};
use arrow_ipc::convert::IpcSchemaEncoder;
use arrow_ipc::reader::FileReader;
use arrow_ipc::writer::{write_message, DictionaryTracker, EncodedData, IpcDataGenerator, IpcWriteOptions};
use arrow_ipc::{
    Block, Buffer as IpcBuffer, FieldNode, FooterBuilder, MessageBuilder, MessageHeader, MetadataVersion,
    RecordBatchBuilder,
};
use arrow_schema::{ArrowError, DataType, Field as ArrowField, Schema, TimeUnit};
use bytes::Bytes;
use flatbuffers::FlatBufferBuilder;

use crate::floats::Floats;
use crate::frame::{Field, Frame, Values};
use crate::times::Times;

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

/// An Arrow IPC file as a list of byte chunks: its framing (magic, schema, record batch header, footer) and
/// small column buffers written out, and every buffer of [`SHARED_BYTES`] and up shared with the frame it
/// encodes, never copied. Sent as the chunks it is, a large frame exists once in memory, from the column it was
/// read into to the socket.
#[derive(Debug, Clone, Default)]
pub struct ArrowFile {
    chunks: Vec<Bytes>,
    len: usize,
}

impl ArrowFile {
    /// The file's size in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether it has no bytes.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Its chunks, in order.
    pub fn chunks(&self) -> &[Bytes] {
        &self.chunks
    }

    /// The file in one piece (a copy).
    pub fn to_vec(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.len);
        for chunk in &self.chunks {
            out.extend_from_slice(chunk);
        }
        out
    }
}

/// Writes an [`ArrowFile`]: framing and small buffers gathered into chunks, large buffers shared as chunks of
/// their own.
#[derive(Default)]
struct FileBuilder {
    chunks: Vec<Bytes>,
    pending: Vec<u8>,
    len: usize,
}

impl FileBuilder {
    /// Appends framing.
    fn put(&mut self, bytes: &[u8]) {
        self.len += bytes.len();
        self.pending.extend_from_slice(bytes);
    }

    /// Appends a buffer: without copying it from [`SHARED_BYTES`] up, copied below that.
    fn share(&mut self, buffer: Buffer) {
        if buffer.len() < SHARED_BYTES {
            self.put(buffer.as_slice());
            return;
        }
        self.flush();
        self.len += buffer.len();
        self.chunks.push(Bytes::from_owner(Shared(buffer)));
    }

    fn flush(&mut self) {
        if !self.pending.is_empty() {
            self.chunks.push(Bytes::from(std::mem::take(&mut self.pending)));
        }
    }

    fn finish(mut self) -> ArrowFile {
        self.flush();
        ArrowFile {
            chunks: self.chunks,
            len: self.len,
        }
    }
}

/// An Arrow buffer as the owner of a [`Bytes`].
struct Shared(Buffer);

impl AsRef<[u8]> for Shared {
    fn as_ref(&self) -> &[u8] {
        self.0.as_slice()
    }
}

/// The smallest column buffer an [`ArrowFile`] shares rather than copies. Each shared buffer is a chunk of its
/// own on the way to the socket (an HTTP/2 DATA frame, a write), which for a small buffer costs more than the
/// copy: a small table's file then goes out in one piece, a large column still without a copy.
pub const SHARED_BYTES: usize = 16 * 1024;

/// The IPC file's magic.
const MAGIC: &[u8; 6] = b"ARROW1";

/// Body buffers start on this boundary, as `arrow-ipc`'s writer aligns them.
const ALIGNMENT: usize = 64;

/// Encodes a frame as one Arrow IPC file, in one piece.
pub fn encode(frame: &Frame) -> Result<Vec<u8>, EncodeError> {
    Ok(encode_file(frame)?.to_vec())
}

/// Encodes a frame as one Arrow IPC file of one record batch, sharing the columns' buffers. (`arrow-ipc`'s
/// `FileWriter` copies every buffer into a message body, then the body into its output: two copies of the
/// frame, which at a million values were most of the plugin's memory. Only the framing is built here, with
/// `arrow-ipc`'s own flatbuffer encoders.)
pub fn encode_file(frame: &Frame) -> Result<ArrowFile, EncodeError> {
    let rows = frame.fields.first().map_or(0, |f| f.values.len());
    let mut arrow_fields = Vec::with_capacity(frame.fields.len());
    let mut columns = Vec::with_capacity(frame.fields.len());
    for field in &frame.fields {
        if field.values.len() != rows {
            return Err(EncodeError::Ragged {
                frame: frame.name.clone(),
                field: field.name.clone(),
                got: field.values.len(),
                expected: rows,
            });
        }
        let column = column(&field.values);
        arrow_fields.push(
            ArrowField::new(field.name.clone(), column.data_type.clone(), column.nullable)
                .with_metadata(field_metadata(frame, field)?),
        );
        columns.push(column);
    }
    let meta = serde_json::to_string(&frame.meta).map_err(|source| EncodeError::Json {
        frame: frame.name.clone(),
        source,
    })?;
    let schema = Schema::new_with_metadata(
        arrow_fields,
        HashMap::from([
            ("name".to_owned(), frame.name.clone()),
            ("refId".to_owned(), frame.ref_id.clone()),
            ("meta".to_owned(), meta),
        ]),
    );
    let arrow = |source| EncodeError::Arrow {
        frame: frame.name.clone(),
        source,
    };
    let options = IpcWriteOptions::default();
    let mut file = FileBuilder::default();
    // The magic, padded as the body's buffers are (as `arrow-ipc` pads it).
    file.put(MAGIC);
    file.put(&[0; ALIGNMENT][..padded(MAGIC.len()) - MAGIC.len()]);
    let encoded_schema = IpcDataGenerator::default().schema_to_bytes_with_dictionary_tracker(
        &schema,
        &mut DictionaryTracker::new(false),
        &options,
    );
    let mut framing = Vec::new();
    write_message(&mut framing, encoded_schema, &options).map_err(arrow)?;
    file.put(&framing);

    // The record batch: its header gives every buffer's place in the body, then the body shares them.
    let mut nodes = Vec::with_capacity(columns.len());
    let mut places = Vec::new();
    let mut body = Vec::new();
    let mut body_len = 0usize;
    for column in columns {
        nodes.push(FieldNode::new(rows as i64, column.null_count as i64));
        for buffer in column.buffers {
            places.push(IpcBuffer::new(body_len as i64, buffer.len() as i64));
            body_len += padded(buffer.len());
            body.push(buffer);
        }
    }
    let mut fbb = FlatBufferBuilder::new();
    let nodes = fbb.create_vector(&nodes);
    let places = fbb.create_vector(&places);
    let batch = {
        let mut batch = RecordBatchBuilder::new(&mut fbb);
        batch.add_length(rows as i64);
        batch.add_nodes(nodes);
        batch.add_buffers(places);
        batch.finish().as_union_value()
    };
    let message = {
        let mut message = MessageBuilder::new(&mut fbb);
        message.add_version(MetadataVersion::V5);
        message.add_header_type(MessageHeader::RecordBatch);
        message.add_bodyLength(body_len as i64);
        message.add_header(batch);
        message.finish()
    };
    fbb.finish(message, None);
    let batch_offset = file.len;
    let mut framing = Vec::new();
    let (meta_len, _) = write_message(
        &mut framing,
        EncodedData {
            ipc_message: fbb.finished_data().to_vec(),
            arrow_data: Vec::new(),
        },
        &options,
    )
    .map_err(arrow)?;
    file.put(&framing);
    for buffer in body {
        let padding = padded(buffer.len()) - buffer.len();
        file.share(buffer);
        file.put(&[0; ALIGNMENT][..padding]);
    }

    // The end of the stream, then the footer: the schema again and where the record batch is.
    file.put(&[0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]);
    let mut fbb = FlatBufferBuilder::new();
    let blocks = fbb.create_vector(&[Block::new(batch_offset as i64, meta_len as i32, body_len as i64)]);
    let dictionaries = fbb.create_vector::<Block>(&[]);
    let schema_offset = IpcSchemaEncoder::new().schema_to_fb_offset(&mut fbb, &schema);
    let footer = {
        let mut footer = FooterBuilder::new(&mut fbb);
        footer.add_version(MetadataVersion::V5);
        footer.add_schema(schema_offset);
        footer.add_dictionaries(dictionaries);
        footer.add_recordBatches(blocks);
        footer.finish()
    };
    fbb.finish(footer, None);
    let footer = fbb.finished_data();
    file.put(footer);
    file.put(&(footer.len() as i32).to_le_bytes());
    file.put(MAGIC);
    Ok(file.finish())
}

/// `len` rounded up to the body's alignment.
fn padded(len: usize) -> usize {
    len.div_ceil(ALIGNMENT) * ALIGNMENT
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

/// A field's Arrow type and buffers (the validity bitmap first, as IPC lists them).
struct Column {
    data_type: DataType,
    nullable: bool,
    null_count: usize,
    buffers: Vec<Buffer>,
}

/// A validity bitmap of `rows` rows, every one present (written, as `arrow-ipc` writes it, even without nulls).
fn all_present(rows: usize) -> Buffer {
    let bytes = rows.div_ceil(8);
    MutableBuffer::new(bytes).with_bitset(bytes, true).into()
}

fn validity(nulls: Option<&NullBuffer>, rows: usize) -> Buffer {
    nulls.map_or_else(|| all_present(rows), |n| n.inner().sliced())
}

fn column(values: &Values) -> Column {
    let rows = values.len();
    match values {
        Values::Time(times) => Column {
            data_type: DataType::Timestamp(TimeUnit::Nanosecond, None),
            nullable: false,
            null_count: 0,
            buffers: vec![all_present(rows), times.nanos().inner().clone()],
        },
        Values::F64(floats) => {
            let null_count = floats.null_count();
            let (values, nulls) = floats.clone().into_parts();
            Column {
                data_type: DataType::Float64,
                nullable: true,
                null_count,
                buffers: vec![validity(nulls.as_ref(), rows), values.into_inner()],
            }
        }
        Values::I64(v) => {
            let array: Int64Array = v.iter().copied().collect();
            Column {
                data_type: DataType::Int64,
                nullable: true,
                null_count: array.null_count(),
                buffers: vec![validity(array.nulls(), rows), array.values().inner().clone()],
            }
        }
        Values::Str(v) => {
            let array: StringArray = v.iter().map(Option::as_deref).collect();
            Column {
                data_type: DataType::Utf8,
                nullable: true,
                null_count: array.null_count(),
                buffers: vec![
                    validity(array.nulls(), rows),
                    array.offsets().inner().inner().clone(),
                    array.values().clone(),
                ],
            }
        }
        Values::Bool(v) => {
            let array: BooleanArray = v.iter().copied().collect();
            Column {
                data_type: DataType::Boolean,
                nullable: true,
                null_count: array.null_count(),
                buffers: vec![validity(array.nulls(), rows), array.values().sliced()],
            }
        }
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
        DataType::Timestamp(..) => Values::Time(Times::default()),
        DataType::Float16 | DataType::Float32 | DataType::Float64 => Values::F64(Floats::default()),
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
            let per_unit: i64 = match unit {
                TimeUnit::Second => 1_000_000_000,
                TimeUnit::Millisecond => 1_000_000,
                TimeUnit::Microsecond => 1_000,
                TimeUnit::Nanosecond => 1,
            };
            let raw = match unit {
                TimeUnit::Second => column.as_primitive::<TimestampSecondType>().values(),
                TimeUnit::Millisecond => column.as_primitive::<TimestampMillisecondType>().values(),
                TimeUnit::Microsecond => column.as_primitive::<TimestampMicrosecondType>().values(),
                TimeUnit::Nanosecond => column.as_primitive::<TimestampNanosecondType>().values(),
            };
            let nanos = raw.iter().map(|v| v.saturating_mul(per_unit));
            // Grafana's frames have one batch; a further one is appended to a copy of the times so far.
            *out = if out.is_empty() {
                Times::from_nanos(nanos.collect())
            } else {
                Times::from_nanos(out.nanos().iter().copied().chain(nanos).collect())
            };
        }
        (Values::F64(out), DataType::Float64) => {
            let array = column.as_primitive::<Float64Type>();
            *out = if out.is_empty() {
                // One batch (what a plugin sends): its buffers are shared, not copied.
                Floats::from_parts(array.values().clone(), array.nulls().cloned())
            } else {
                out.iter().chain(array.iter()).collect()
            };
        }
        (Values::F64(out), DataType::Float32) => {
            *out = out
                .iter()
                .chain(column.as_primitive::<Float32Type>().iter().map(|v| v.map(f64::from)))
                .collect()
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
                Field::new("Time", Values::Time(vec![1_000, 2_000].into())),
                Field::new("Value", Values::F64(vec![Some(1.0), None].into()))
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
                Field::new("Time", Values::Time(vec![1_000, 2_000].into())),
                Field::new("Value", Values::F64(vec![Some(f64::INFINITY), None].into()))
                    .labels(BTreeMap::from([("job".to_owned(), "api".to_owned())]))
                    .config(json!({"unit": "s"})),
                Field::new("Count", Values::I64(vec![Some(3), None])),
                Field::new("Level", Values::Str(vec![Some("ok".into()), None])),
                Field::new("Up", Values::Bool(vec![Some(true), None])),
            ],
        };
        assert_eq!(decode(&encode(&frame).expect("encodes")).expect("decodes"), frame);
    }

    /// Every column type, with and without nulls, and a non-finite float.
    fn every_kind_of_column() -> Frame {
        Frame {
            name: "all".into(),
            ref_id: "Z".into(),
            meta: Meta::new(FrameType::Table),
            fields: vec![
                Field::new("Time", Values::Time(vec![1_000, 2_000, 3_000].into())),
                Field::new("full", Values::F64(vec![Some(1.5), Some(f64::NAN), Some(-0.0)].into())),
                Field::new("holes", Values::F64(vec![None, Some(2.0), None].into())),
                Field::new("n", Values::I64(vec![Some(3), None, Some(-1)])),
                Field::new("s", Values::Str(vec![Some("ok".into()), None, Some("é".into())])),
                Field::new("b", Values::Bool(vec![Some(true), None, Some(false)])),
            ],
        }
    }

    #[test]
    fn a_file_of_small_columns_is_one_piece() {
        let file = encode_file(&every_kind_of_column()).expect("encodes");
        assert_eq!(file.chunks().len(), 1);
    }

    #[test]
    fn a_large_column_is_shared_not_copied() {
        let rows = SHARED_BYTES / 8;
        let values: Floats = (0..rows).map(|i| Some(i as f64)).collect();
        let (buffer, _) = values.clone().into_parts();
        let frame = Frame {
            name: "large".into(),
            ref_id: "A".into(),
            meta: Meta::new(FrameType::TimeseriesWide),
            fields: vec![
                Field::new("Time", Values::Time((0..rows as i64).collect())),
                Field::new("v", Values::F64(values)),
            ],
        };
        let file = encode_file(&frame).expect("encodes");
        assert!(
            file.chunks().iter().any(|c| c.as_ptr() == buffer.as_ptr().cast()),
            "the column's buffer is one of the file's chunks"
        );
    }

    #[test]
    fn the_shared_file_reads_as_arrow_ipcs_own_writer_writes_it() {
        use arrow_array::{ArrayRef, Float64Array, RecordBatch, TimestampNanosecondArray};
        use arrow_ipc::writer::FileWriter;
        use std::sync::Arc;

        let frame = every_kind_of_column();
        let ours = encode_file(&frame).expect("encodes").to_vec();
        let reader = FileReader::try_new(Cursor::new(ours.clone()), None).expect("an Arrow file");
        let schema = reader.schema();
        let batches: Vec<RecordBatch> = reader.collect::<Result<_, _>>().expect("batches");
        assert_eq!(batches.len(), 1);

        let columns: Vec<ArrayRef> = frame
            .fields
            .iter()
            .map(|f| -> ArrayRef {
                match &f.values {
                    Values::Time(v) => Arc::new(TimestampNanosecondArray::from_iter_values(
                        v.iter_ms().map(|t| t * 1_000_000),
                    )),
                    Values::F64(v) => Arc::new(v.iter().collect::<Float64Array>()),
                    Values::I64(v) => Arc::new(v.iter().copied().collect::<Int64Array>()),
                    Values::Str(v) => Arc::new(v.iter().map(Option::as_deref).collect::<StringArray>()),
                    Values::Bool(v) => Arc::new(v.iter().copied().collect::<BooleanArray>()),
                }
            })
            .collect();
        let reference = RecordBatch::try_new(schema.clone(), columns).expect("a batch");
        let mut writer = FileWriter::try_new(Vec::new(), &schema).expect("a writer");
        writer.write(&reference).expect("writes");
        let theirs = writer.into_inner().expect("finishes");

        assert_eq!(batches[0], reference, "the same columns");
        assert_eq!(ours.len(), theirs.len(), "the same framing and padding");
        // The body, found through the footer's block: byte for byte the one arrow-ipc writes.
        fn body(file: &[u8]) -> &[u8] {
            let footer_len = i32::from_le_bytes(file[file.len() - 10..file.len() - 6].try_into().expect("4 bytes"));
            let footer = &file[file.len() - 10 - footer_len as usize..file.len() - 10];
            let footer = arrow_ipc::root_as_footer(footer).expect("a footer");
            let block = footer.recordBatches().expect("blocks").get(0);
            let start = (block.offset() + i64::from(block.metaDataLength())) as usize;
            &file[start..start + block.bodyLength() as usize]
        }
        assert_eq!(body(&ours), body(&theirs));
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
