//! Reading a stored object whose typed keys do not all fit their types.
//!
//! Real dashboards carry values Grafana tolerates but a type would refuse (a `gridPos.y` of `22.2`, a number
//! where a string is usual). Refusing the whole dashboard for one such key would be useless, and dropping the
//! key would lose it: the key is kept as read, among the object's untyped keys, and written back unchanged.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// `map` read as `T`; a key whose value `T` refuses is left out of `T` and returned as read, to be kept with
/// `T`'s untyped keys. Fails only if `T` refuses even the keys that fit one by one.
pub(crate) fn read<T: DeserializeOwned>(map: Map<String, Value>) -> Result<(T, Map<String, Value>), serde_json::Error> {
    let whole = Value::Object(map);
    match T::deserialize(&whole) {
        Ok(typed) => Ok((typed, Map::new())),
        Err(error) => {
            let Value::Object(map) = whole else {
                return Err(error);
            };
            let (fitting, refused): (Map<String, Value>, Map<String, Value>) = map.into_iter().partition(|(k, v)| {
                let mut alone = Map::new();
                alone.insert(k.clone(), v.clone());
                T::deserialize(Value::Object(alone)).is_ok()
            });
            Ok((T::deserialize(Value::Object(fitting))?, refused))
        }
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::*;

    #[derive(Deserialize)]
    struct Pos {
        #[serde(default)]
        x: u32,
        #[serde(default)]
        y: u32,
    }

    #[test]
    fn a_key_that_does_not_fit_its_type_is_kept_as_read() {
        let Value::Object(map) = json!({"x": 1, "y": 22.2}) else {
            unreachable!()
        };
        let (pos, refused): (Pos, _) = read(map).expect("reads");
        assert_eq!((pos.x, pos.y), (1, 0));
        assert_eq!(refused.get("y"), Some(&json!(22.2)));
    }
}
