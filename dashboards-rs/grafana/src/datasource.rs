//! References to data sources, as panels and targets carry them.

use serde::{Deserialize, Serialize};

use crate::codegen::{Expr, ToRust};
use crate::Extra;

/// `{"type": …, "uid": …}`: a data source by plugin type and uid (or `${variable}`).
///
/// Grafana before 8.3, and the `${DS_…}` inputs of exported dashboards, name a data source by a plain string;
/// such a reference is read into [`DataSourceRef::name`] and written back as that string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DataSourceRef {
    /// The data source plugin id (`prometheus`, `grafana-testdata-datasource`, …).
    pub kind: Option<String>,
    /// The uid, or a `${variable}` reference.
    pub uid: Option<String>,
    /// A data source named by a plain string instead of a `{type, uid}` object.
    pub name: Option<String>,
    /// Keys this crate does not model, kept as read.
    pub extra: Extra,
}

/// A data source reference as stored: an object, or a plain name.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Wire {
    Name(String),
    Ref {
        #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
        kind: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        uid: Option<String>,
        #[serde(flatten)]
        extra: Extra,
    },
}

impl Serialize for DataSourceRef {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.name {
            Some(name) => serializer.serialize_str(name),
            None => Wire::Ref {
                kind: self.kind.clone(),
                uid: self.uid.clone(),
                extra: self.extra.clone(),
            }
            .serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for DataSourceRef {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Wire::deserialize(deserializer)? {
            Wire::Name(name) => DataSourceRef {
                name: Some(name),
                ..DataSourceRef::default()
            },
            Wire::Ref { kind, uid, extra } => DataSourceRef {
                kind,
                uid,
                name: None,
                extra,
            },
        })
    }
}

impl DataSourceRef {
    /// A data source of this plugin type chosen by a dashboard variable (`${name}`).
    pub fn variable(kind: &str, variable: &str) -> Self {
        DataSourceRef {
            kind: Some(kind.into()),
            uid: Some(format!("${{{variable}}}")),
            ..DataSourceRef::default()
        }
    }

    /// A data source by its fixed uid.
    pub fn uid(kind: &str, uid: &str) -> Self {
        DataSourceRef {
            kind: Some(kind.into()),
            uid: Some(uid.into()),
            ..DataSourceRef::default()
        }
    }

    /// Grafana's pseudo data source that lets each target name its own.
    pub fn mixed() -> Self {
        DataSourceRef {
            kind: Some("datasource".into()),
            uid: Some("-- Mixed --".into()),
            ..DataSourceRef::default()
        }
    }

    /// Grafana's built-in annotation source.
    pub fn grafana() -> Self {
        DataSourceRef {
            kind: Some("grafana".into()),
            uid: Some("-- Grafana --".into()),
            ..DataSourceRef::default()
        }
    }
}

impl ToRust for DataSourceRef {
    fn to_rust(&self) -> Expr {
        let path = |name: &str| Expr::path(module_path!(), name);
        match self {
            DataSourceRef {
                kind: Some(kind),
                uid: Some(uid),
                name: None,
                extra,
            } if extra.is_empty() => Expr::call(path("DataSourceRef::uid"), vec![Expr::str(kind), Expr::str(uid)]),
            DataSourceRef {
                kind: None,
                uid: None,
                name: Some(name),
                extra,
            } if extra.is_empty() => Expr::call(path("DataSourceRef::named"), vec![Expr::str(name)]),
            DataSourceRef { kind, uid, name, extra } => {
                let mut fields = Vec::new();
                if kind.is_some() {
                    fields.push(("kind", kind.to_rust()));
                }
                if uid.is_some() {
                    fields.push(("uid", uid.to_rust()));
                }
                if name.is_some() {
                    fields.push(("name", name.to_rust()));
                }
                if !extra.is_empty() {
                    fields.push(("extra", extra.to_rust()));
                }
                Expr::structure(module_path!(), "DataSourceRef", fields, 4)
            }
        }
    }
}

impl DataSourceRef {
    /// A data source named by a plain string (`${DS_PROMETHEUS}` in an exported dashboard).
    pub fn named(name: &str) -> Self {
        DataSourceRef {
            name: Some(name.into()),
            ..DataSourceRef::default()
        }
    }

    /// The uid, the plain name, or `""`.
    pub fn uid_or_name(&self) -> &str {
        self.uid.as_deref().or(self.name.as_deref()).unwrap_or("")
    }
}
