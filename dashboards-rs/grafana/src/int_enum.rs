//! Enums Grafana stores as small integers (`hide`, `refresh`, `graphTooltip`, …).

/// Declares an enum stored by Grafana as a small integer. A boolean, as older Grafanas stored some of them,
/// reads as 0 or 1.
macro_rules! int_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $value:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $($(#[$vdoc])* $variant = $value),+
        }

        impl $crate::codegen::ToRust for $name {
            fn to_rust(&self) -> $crate::codegen::Expr {
                let name = match self {
                    $($name::$variant => concat!(stringify!($name), "::", stringify!($variant))),+
                };
                $crate::codegen::Expr::path(module_path!(), name)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_u8(*self as u8)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let number = match <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)? {
                    ::serde_json::Value::Bool(flag) => u64::from(flag),
                    ::serde_json::Value::Number(n) => n.as_u64().unwrap_or(u64::MAX),
                    other => return Err(::serde::de::Error::custom(format!("expected a number, found {other}"))),
                };
                [$($name::$variant),+]
                    .into_iter()
                    .find(|v| *v as u64 == number)
                    .ok_or_else(|| ::serde::de::Error::custom(format!("{number} is not a {}", stringify!($name))))
            }
        }
    };
}
