//! The tree the outline read ([`crate::outline::Node`]) as serde reads it,
//! so a scenario is parsed once.
//!
//! It reads values the way serde_yaml's typed reader did, so a scenario
//! means what it meant: a plain scalar takes the type YAML's core schema
//! gives its text (`~` and an empty value are null; `true`, `True`, `TRUE`
//! and the `false`s are booleans; decimal, `0x`, `0o` and `0b` integers;
//! floats, `.inf` and `.nan`) where a boolean, a number or a null is asked
//! for, and any scalar is text where text is asked for (the JSON Schema
//! check then refuses a number where the schema wants text). [`to_json`]
//! gives the same tree as the JSON that check reads.

use std::fmt;

use serde::de::{self, DeserializeSeed, Unexpected, Visitor};

use crate::outline::{Node, Value};

/// Why the tree does not read as the type asked for; the field path is
/// added by serde_path_to_error, the place by the outline.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Error {
        Error(msg.to_string())
    }
}

/// A plain scalar's value under YAML's core schema.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Plain<'a> {
    Null,
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    /// An integer too large for 64 bits.
    Huge,
    Float(f64),
    Str(&'a str),
}

fn null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

fn boolean(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// Leading zeros then digits: text in YAML 1.2, not a number.
fn digits_but_not_number(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    digits.len() > 1 && digits.starts_with('0') && digits[1..].bytes().all(|b| b.is_ascii_digit())
}

/// An integer with an optional sign and a `0x`, `0o` or `0b` radix.
fn integer(text: &str) -> Option<i128> {
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    if digits.starts_with(['+', '-']) || digits_but_not_number(text) {
        return None;
    }
    let (radix, digits) = match digits.get(..2) {
        Some("0x") => (16, &digits[2..]),
        Some("0o") => (8, &digits[2..]),
        Some("0b") => (2, &digits[2..]),
        _ => (10, digits),
    };
    if digits.starts_with(['+', '-']) {
        return None;
    }
    let value = i128::from_str_radix(digits, radix).ok()?;
    Some(if negative { -value } else { value })
}

fn float(text: &str) -> Option<f64> {
    let unsigned = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => text,
    };
    match unsigned {
        ".inf" | ".Inf" | ".INF" => return Some(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Some(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Some(f64::NAN),
        _ => {}
    }
    unsigned.parse::<f64>().ok().filter(|f| f.is_finite())
}

fn resolve(text: &str) -> Plain<'_> {
    if null(text) {
        return Plain::Null;
    }
    if let Some(b) = boolean(text) {
        return Plain::Bool(b);
    }
    if let Some(int) = integer(text) {
        return match (u64::try_from(int), i64::try_from(int)) {
            (Ok(u), _) => Plain::Unsigned(u),
            (_, Ok(i)) => Plain::Signed(i),
            _ => Plain::Huge,
        };
    }
    if !digits_but_not_number(text) {
        if let Some(f) = float(text) {
            return Plain::Float(f);
        }
    }
    Plain::Str(text)
}

/// What a node is, for an error that says it is the wrong type.
fn unexpected(node: &Node) -> Unexpected<'_> {
    match &node.value {
        Value::Scalar { text, plain: false } => Unexpected::Str(text),
        Value::Scalar { text, plain: true } => match resolve(text) {
            Plain::Null => Unexpected::Unit,
            Plain::Bool(b) => Unexpected::Bool(b),
            Plain::Unsigned(u) => Unexpected::Unsigned(u),
            Plain::Signed(i) => Unexpected::Signed(i),
            Plain::Huge => Unexpected::Other("an integer too large"),
            Plain::Float(f) => Unexpected::Float(f),
            Plain::Str(s) => Unexpected::Str(s),
        },
        Value::Seq(_) => Unexpected::Seq,
        Value::Map(_) => Unexpected::Map,
    }
}

/// The tree as the JSON the schema check reads; `None` where JSON cannot
/// hold a value (an integer too large), as serde_yaml's conversion gave.
pub fn to_json(node: &Node) -> Option<serde_json::Value> {
    use serde_json::Value as Json;
    Some(match &node.value {
        Value::Scalar { text, plain: false } => Json::String(text.clone()),
        Value::Scalar { text, plain: true } => match resolve(text) {
            Plain::Null => Json::Null,
            Plain::Bool(b) => Json::Bool(b),
            Plain::Unsigned(u) => Json::from(u),
            Plain::Signed(i) => Json::from(i),
            Plain::Huge => return None,
            Plain::Float(f) => Json::from(f),
            Plain::Str(s) => Json::String(s.to_owned()),
        },
        Value::Seq(items) => Json::Array(items.iter().map(to_json).collect::<Option<_>>()?),
        Value::Map(entries) => Json::Object(
            entries
                .iter()
                .map(|e| Some((e.key.clone(), to_json(&e.value)?)))
                .collect::<Option<_>>()?,
        ),
    })
}

/// Reads a node as `T`.
pub fn from_node<'de, T: de::Deserialize<'de>>(node: &'de Node) -> Result<T, Error> {
    T::deserialize(node)
}

impl<'de> de::Deserializer<'de> for &'de Node {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.value {
            Value::Scalar { text, plain: false } => visitor.visit_borrowed_str(text),
            Value::Scalar { text, plain: true } => match resolve(text) {
                Plain::Null => visitor.visit_unit(),
                Plain::Bool(b) => visitor.visit_bool(b),
                Plain::Unsigned(u) => visitor.visit_u64(u),
                Plain::Signed(i) => visitor.visit_i64(i),
                Plain::Huge => {
                    let int = integer(text).expect("resolved as an integer");
                    match u128::try_from(int) {
                        Ok(u) => visitor.visit_u128(u),
                        Err(_) => visitor.visit_i128(int),
                    }
                }
                Plain::Float(f) => visitor.visit_f64(f),
                Plain::Str(s) => visitor.visit_borrowed_str(s),
            },
            Value::Seq(items) => visitor.visit_seq(Items(items.iter())),
            Value::Map(entries) => {
                visitor.visit_map(Entries { entries: entries.iter(), value: None })
            }
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.value {
            Value::Scalar { text, plain: true } if boolean(text).is_some() => {
                visitor.visit_bool(boolean(text).expect("checked"))
            }
            _ => Err(de::Error::invalid_type(unexpected(self), &visitor)),
        }
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.value {
            Value::Scalar { text, plain: true } => match integer(text).map(i64::try_from) {
                Some(Ok(i)) => visitor.visit_i64(i),
                _ => Err(de::Error::invalid_type(unexpected(self), &visitor)),
            },
            _ => Err(de::Error::invalid_type(unexpected(self), &visitor)),
        }
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.value {
            Value::Scalar { text, plain: true } if !text.starts_with('-') => {
                match integer(text).map(u64::try_from) {
                    Some(Ok(u)) => visitor.visit_u64(u),
                    _ => Err(de::Error::invalid_type(unexpected(self), &visitor)),
                }
            }
            _ => Err(de::Error::invalid_type(unexpected(self), &visitor)),
        }
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.value {
            Value::Scalar { text, plain: true } => match float(text) {
                Some(f) => visitor.visit_f64(f),
                None => Err(de::Error::invalid_type(unexpected(self), &visitor)),
            },
            _ => Err(de::Error::invalid_type(unexpected(self), &visitor)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.value {
            Value::Scalar { text, .. } => visitor.visit_borrowed_str(text),
            _ => Err(de::Error::invalid_type(unexpected(self), &visitor)),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.value {
            Value::Scalar { text, plain: true } if null(text) => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.value {
            Value::Scalar { text, plain: true } if null(text) => visitor.visit_unit(),
            Value::Scalar { text, .. } => {
                Err(de::Error::invalid_value(Unexpected::Str(text), &"null"))
            }
            _ => Err(de::Error::invalid_type(unexpected(self), &visitor)),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.value {
            Value::Seq(items) => visitor.visit_seq(Items(items.iter())),
            Value::Scalar { text, plain: true } if text.is_empty() => {
                visitor.visit_seq(Items([].iter()))
            }
            _ => Err(de::Error::invalid_type(unexpected(self), &visitor)),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.value {
            Value::Map(entries) => {
                visitor.visit_map(Entries { entries: entries.iter(), value: None })
            }
            Value::Scalar { text, plain: true } if text.is_empty() => {
                visitor.visit_map(Entries { entries: [].iter(), value: None })
            }
            _ => Err(de::Error::invalid_type(unexpected(self), &visitor)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match &self.value {
            Value::Scalar { text, .. } => visitor.visit_enum(UnitVariant(text)),
            other => {
                let what =
                    if matches!(other, Value::Seq(_)) { Unexpected::Seq } else { Unexpected::Map };
                Err(de::Error::invalid_type(what, &"a YAML tag starting with '!'"))
            }
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_i64(visitor)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_u64(visitor)
    }
    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_f64(visitor)
    }
    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }
    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }
    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }
    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        Err(de::Error::invalid_type(unexpected(self), &visitor))
    }
    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_bytes(visitor)
    }
    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }
    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }
    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }
    fn deserialize_i128<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_any(visitor)
    }
    fn deserialize_u128<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_any(visitor)
    }
}

/// A list's items, one after another.
struct Items<'de>(std::slice::Iter<'de, Node>);

impl<'de> de::SeqAccess<'de> for Items<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.0.next().map(|node| seed.deserialize(node)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// A mapping's keys (as text) and values.
struct Entries<'de> {
    entries: std::slice::Iter<'de, crate::outline::Entry>,
    value: Option<&'de Node>,
}

impl<'de> de::MapAccess<'de> for Entries<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some(entry) = self.entries.next() else { return Ok(None) };
        self.value = Some(&entry.value);
        let key = de::value::BorrowedStrDeserializer::<Error>::new(&entry.key);
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(self.value.take().expect("a value follows its key"))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// An enum written as its variant's name.
struct UnitVariant<'de>(&'de str);

impl<'de> de::EnumAccess<'de> for UnitVariant<'de> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self), Error> {
        let name = de::value::BorrowedStrDeserializer::<Error>::new(self.0);
        Ok((seed.deserialize(name)?, self))
    }
}

impl<'de> de::VariantAccess<'de> for UnitVariant<'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _seed: T) -> Result<T::Value, Error> {
        Err(de::Error::invalid_type(Unexpected::UnitVariant, &"newtype variant"))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value, Error> {
        Err(de::Error::invalid_type(Unexpected::UnitVariant, &"tuple variant"))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Error> {
        Err(de::Error::invalid_type(Unexpected::UnitVariant, &"struct variant"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct S {
        a: Option<String>,
        b: Option<u32>,
        c: Option<bool>,
        d: Option<Vec<i64>>,
    }

    fn read(text: &str) -> Result<S, String> {
        let (outline, problem) = crate::outline::outline(text);
        assert_eq!(problem, None, "{text}");
        from_node(outline.root().expect("a document")).map_err(|e| e.to_string())
    }

    /// What serde_yaml's typed reader gave for each of these (a scenario
    /// means what it meant).
    #[test]
    fn values_read_as_serde_yaml_read_them() {
        let s = |a: Option<&str>, b: Option<u32>, c: Option<bool>| S {
            a: a.map(str::to_owned),
            b,
            c,
            d: None,
        };
        for (text, want) in [
            ("a: 123", Ok(s(Some("123"), None, None))),
            ("a: true", Ok(s(Some("true"), None, None))),
            ("a: ~", Ok(s(None, None, None))),
            ("a: 2.50", Ok(s(Some("2.50"), None, None))),
            ("a:", Ok(s(None, None, None))),
            ("b: 0x10", Ok(s(None, Some(16), None))),
            ("b: 0o10", Ok(s(None, Some(8), None))),
            ("b: 0b11", Ok(s(None, Some(3), None))),
            ("b: +5", Ok(s(None, Some(5), None))),
            ("c: True", Ok(s(None, None, Some(true)))),
            ("b: '5'", Err("invalid type: string \"5\", expected u32")),
            ("b: 1_000", Err("invalid type: string \"1_000\", expected u32")),
            ("b: 5.0", Err("invalid type: floating point `5.0`, expected u32")),
            ("c: yes", Err("invalid type: string \"yes\", expected a boolean")),
            ("c: 'true'", Err("invalid type: string \"true\", expected a boolean")),
            ("b: 007", Err("invalid type: string \"007\", expected u32")),
            ("b: -1", Err("invalid type: integer `-1`, expected u32")),
            ("e: 1", Err("unknown field `e`, expected one of `a`, `b`, `c`, `d`")),
        ] {
            assert_eq!(read(text), want.map_err(str::to_owned), "{text}");
        }
        assert_eq!(read("d: [1, -2, 0x3]").unwrap().d, Some(vec![1, -2, 3]));
    }

    #[test]
    fn the_json_is_what_the_schema_check_read_before() {
        let (outline, _) = crate::outline::outline(
            "a: [1, -2, 2.5, ~, true, 'x', 0x1F, .nan]\nb: 99999999999999999999\n",
        );
        let root = outline.root().unwrap();
        let Value::Map(entries) = &root.value else { panic!() };
        assert_eq!(
            to_json(&entries[0].value).unwrap(),
            serde_json::json!([1, -2, 2.5, null, true, "x", 31, null])
        );
        assert_eq!(to_json(root), None, "an integer JSON cannot hold");
    }
}
