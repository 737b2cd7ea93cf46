//! `List`: the model's lists (domains, users, work and local accounts),
//! shared between copies of a world until one of them changes.
//!
//! Replaying a remedy copies the world and changes a field or two; a list
//! it does not touch stays the one the original holds. A `List` derefs to a
//! `Vec` for reading, and for writing copies the items first if another
//! world still shares them (`Arc::make_mut`). It compares, hashes,
//! serializes, prints and describes itself as the `Vec` it holds.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A list shared between copies until written.
pub struct List<T>(Arc<Vec<T>>);

impl<T> List<T> {
    /// An empty list.
    pub fn new() -> List<T> {
        List(Arc::new(Vec::new()))
    }
}

impl<T> Default for List<T> {
    fn default() -> List<T> {
        List::new()
    }
}

impl<T> Clone for List<T> {
    fn clone(&self) -> List<T> {
        List(Arc::clone(&self.0))
    }
}

impl<T> From<Vec<T>> for List<T> {
    fn from(items: Vec<T>) -> List<T> {
        List(Arc::new(items))
    }
}

impl<T> FromIterator<T> for List<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> List<T> {
        List::from(items.into_iter().collect::<Vec<T>>())
    }
}

impl<T> Deref for List<T> {
    type Target = Vec<T>;

    fn deref(&self) -> &Vec<T> {
        &self.0
    }
}

impl<T: Clone> DerefMut for List<T> {
    fn deref_mut(&mut self) -> &mut Vec<T> {
        Arc::make_mut(&mut self.0)
    }
}

impl<'a, T> IntoIterator for &'a List<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<'a, T: Clone> IntoIterator for &'a mut List<T> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

impl<T: PartialEq> PartialEq for List<T> {
    fn eq(&self, other: &List<T>) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}

impl<T: Eq> Eq for List<T> {}

impl<T: Hash> Hash for List<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl<T: fmt::Debug> fmt::Debug for List<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl<T: Serialize> Serialize for List<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<List<T>, D::Error> {
        Vec::deserialize(deserializer).map(List::from)
    }
}

#[cfg(feature = "schema")]
impl<T: schemars::JsonSchema> schemars::JsonSchema for List<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        Vec::<T>::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        Vec::<T>::json_schema(generator)
    }

    fn inline_schema() -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_shares_the_items_until_one_side_writes() {
        let original: List<String> = vec!["a".to_owned(), "b".to_owned()].into();
        let mut copy = original.clone();
        assert!(Arc::ptr_eq(&original.0, &copy.0));
        assert_eq!(copy, original);
        copy.push("c".to_owned());
        assert!(!Arc::ptr_eq(&original.0, &copy.0));
        assert_eq!(*original, ["a", "b"]);
        assert_eq!(*copy, ["a", "b", "c"]);
        assert_ne!(copy, original);
        assert_eq!(format!("{original:?}"), "[\"a\", \"b\"]");
        let json = serde_json::to_string(&copy).unwrap();
        assert_eq!(json, "[\"a\",\"b\",\"c\"]");
        assert_eq!(serde_json::from_str::<List<String>>(&json).unwrap(), copy);
    }
}
