//! Runtime support the generated types use.

mod base64;

pub use self::base64::Base64;
