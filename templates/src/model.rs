//! The model the templates render: Rust-ready names and types, docs and wire
//! names. The lowering stage builds it; nothing here is a raw spec fragment.

/// One API as the templates render it: its title and version, where its
/// calls go, its types (a module per definition), its operations and the
/// areas the docs group them in, and what the generated tests check (the
/// spec's examples, a sample call per operation). Every list is in a
/// stable order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Api {
    /// The API's title (`info.title`), for the crate docs and manifest.
    pub title: String,
    /// The API's version (`info.version`).
    pub version: String,
    /// The files of `src/types/`, one per definition.
    pub modules: Vec<Module>,
    /// The spec's examples, each checked by a generated round-trip test.
    pub examples: Vec<Example>,
    /// The API's operations, one module each.
    pub operations: Vec<Operation>,
    /// The operations grouped for the docs, in order: one `impl Client`
    /// block each (every operation is in exactly one).
    pub areas: Vec<Area>,
    /// Which API this is: where the client calls its operations.
    pub service: Service,
    /// The module of the crate it lives in (`agent`), or `None` at the
    /// crate root (the pod API).
    pub module: Option<String>,
    /// The path every operation's path is under (`/pod`): the settings',
    /// else the spec's.
    pub base_path: String,
    /// Whether the generator's settings set the base path (else the spec's
    /// `basePath` or server URL gave it).
    pub base_path_pinned: bool,
    /// The variables of the server URL the base path comes from: name,
    /// default (substituted into `base_path`) and the values the spec
    /// lists.
    pub server_variables: Vec<(String, String, Vec<String>)>,
    /// One call per operation, in the order of `operations`, with sample
    /// arguments, for the generated test that checks what each method
    /// sends.
    pub checks: Vec<CallCheck>,
}

/// A base path as people read it: `/` for the root (which the model
/// holds as `""`, as the client joins it).
pub fn shown_path(base_path: &str) -> &str {
    if base_path.is_empty() {
        "/"
    } else {
        base_path
    }
}

/// A group of operations the docs show together (from `settings.yml`'s
/// `areas:`, else from the path).
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    /// The heading (`Rooms`).
    pub name: String,
    /// One paragraph on what the area is for; may be empty.
    pub about: String,
    /// Indexes into [`Api::operations`], in spec order.
    pub operations: Vec<usize>,
}

/// A call with sample arguments and what it must put on the wire.
#[derive(Debug, Clone, PartialEq)]
pub struct CallCheck {
    /// The client method the call is made with.
    pub method_name: String,
    /// The HTTP method it must use (`GET`).
    pub http_method: String,
    /// The path with the sample path values, under the base path.
    pub path: String,
    /// The required arguments: their types and sample values as JSON.
    pub args: Vec<(Type, String)>,
    /// The same arguments with every optional body property set.
    pub full_args: Vec<(Type, String)>,
    /// Every setter (optional parameter): its name, type and a sample.
    pub setters: Vec<(String, Type, String)>,
    /// Why the spec's own example of the response contradicts its schema
    /// (a mock that answers with it cannot be decoded), when it does.
    pub bad_example: Option<String>,
    /// The spec defect a spec-driven mock trips over, when there is one.
    pub defect: Option<String>,
    /// Query pairs the call must send.
    pub query: Vec<(String, String)>,
    /// Headers the call must send (credentials included).
    pub headers: Vec<(String, String)>,
    /// The JSON body the call must send.
    pub body: Option<String>,
    /// The raw body (bytes or text) the call must send.
    pub raw_body: Option<Vec<u8>>,
    /// How the server answers: status and JSON body.
    pub status: u16,
    /// The JSON body the server answers with, when it has one.
    pub response: Option<String>,
}

/// One operation: a method on the client returning a request builder.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The client method's name (`v2_admin_user_uid_get`).
    pub method_name: String,
    /// The operation's module as Rust writes it: the method name, or a
    /// bounded form of it (`names::module_name`); without a raw prefix, the
    /// file stem.
    pub module: String,
    /// The request builder's type name (`V2AdminUserUidGetRequest`).
    pub builder: String,
    /// `GET`, `POST`, …
    pub http_method: String,
    /// The path template (`/v2/admin/user/{uid}`).
    pub path: String,
    /// The path's segments, each made of literal text and parameters
    /// (`/files/{name}.json` → `files`, then `{name}` `.json`).
    pub segments: Vec<Vec<PathPiece>>,
    /// The method's documentation: the summary, description and route.
    pub docs: Docs,
    /// Parameters the caller gives, in order: required ones become the
    /// method's arguments, optional ones the builder's setters.
    pub params: Vec<Param>,
    /// Header names whose values come from the credential provider.
    pub credentials: Vec<String>,
    /// The media type the request body is sent as (`application/json`,
    /// `multipart/form-data`, …), when the operation has a body.
    pub content_type: Option<String>,
    /// The content types the spec's `encoding` gives multipart parts
    /// (field wire name, media type); a file's own content type wins.
    pub part_types: Vec<(String, String)>,
    /// What a successful call returns.
    pub response: Response,
    /// Present when the operation pages with `skip`/`limit` over a list.
    pub pagination: Option<Pagination>,
    /// Types only this operation uses (enums of its parameters).
    pub types: Vec<TypeDef>,
    /// What rustdoc's search finds its method by besides its name
    /// (`generator::lower::search`): phrasings of its summary that no
    /// other operation says of itself, the settings' aliases, and
    /// `METHOD /path`.
    pub aliases: Vec<String>,
}

/// The APIs a Symphony client calls, each at a URL of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Service {
    /// The pod API, at the pod's URL.
    #[default]
    Pod,
    /// The agent API (messages, the datafeed), at the agent's URL.
    Agent,
}

/// A piece of one path segment.
#[derive(Debug, Clone, PartialEq)]
pub enum PathPiece {
    /// Literal text, sent percent-encoded.
    Literal(String),
    /// A path parameter, by its Rust field name.
    Param(String),
}

/// A parameter of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The Rust name (argument, field and setter).
    pub name: String,
    /// The name on the wire (query key, header name…).
    pub wire: String,
    /// Where the value travels.
    pub location: ParamLocation,
    /// The Rust type the method takes.
    pub ty: Type,
    /// Required: a method argument; optional: a builder setter.
    pub required: bool,
    /// The parameter's description.
    pub docs: Docs,
    /// The string format the spec gives (`email`, `date-time`), which
    /// sample values respect.
    pub format: Option<String>,
}

/// Where a parameter's value travels in the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// A segment (or part of one) of the path, written in the given style.
    Path(PathStyle),
    /// A query parameter; lists travel in the given style.
    Query(ListStyle),
    /// A query parameter whose value is an object (a struct, a map, a
    /// union): written from its JSON form in the given style, `Repeated`
    /// being `form` exploded (`key=value` per property).
    QueryObject(ListStyle),
    /// A request header.
    Header,
    /// The whole body: JSON, or raw text or bytes when its type is
    /// [`Type::Text`] or [`Type::Binary`].
    Body,
    /// A field of an `application/x-www-form-urlencoded` body.
    Form,
    /// A text part of a `multipart/form-data` body (a file when its type
    /// is [`Type::File`]; one part per value of a list).
    Part,
    /// A part of a `multipart/form-data` body written as JSON.
    PartJson,
}

impl ParamLocation {
    /// Whether the value travels in the path.
    pub fn is_path(self) -> bool {
        matches!(self, ParamLocation::Path(_))
    }
}

/// How a path parameter is written (OpenAPI's `style` and `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathStyle {
    /// The value alone; a list's items comma-separated (`simple`).
    Simple,
    /// `.value`; a list's items after `.` when `explode`, else `,` (`label`).
    Label {
        /// Each item of a list gets its own `.`.
        explode: bool,
    },
    /// `;name=value`; a list's items each with its own `;name=` when
    /// `explode`, else comma-separated (`matrix`).
    Matrix {
        /// Each item of a list gets its own `;name=`.
        explode: bool,
    },
}

impl PathStyle {
    /// The text written before the value of the parameter named `wire`.
    pub fn prefix(self, wire: &str) -> String {
        match self {
            PathStyle::Simple => String::new(),
            PathStyle::Label { .. } => ".".to_owned(),
            PathStyle::Matrix { .. } => format!(";{wire}="),
        }
    }

    /// The text written between the items of a list value.
    pub fn separator(self, wire: &str) -> String {
        match self {
            PathStyle::Label { explode: true } => ".".to_owned(),
            PathStyle::Matrix { explode: true } => format!(";{wire}="),
            _ => ",".to_owned(),
        }
    }
}

/// How a list query parameter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListStyle {
    /// `key=a&key=b` (`explode`, the default).
    Repeated,
    /// `key=a,b` (`form` with `explode: false`).
    Comma,
    /// `key=a%20b` (`spaceDelimited`).
    Space,
    /// `key=a|b` (`pipeDelimited`).
    Pipe,
    /// `key[property]=value` (`deepObject`); a list in it is `Repeated`.
    Deep,
}

/// What a successful call returns.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// No body (or none the spec describes): `()`.
    Empty,
    /// One success with a body of this type.
    Json(Type),
    /// Two successes, one with a body and one without (`200` or `204`):
    /// `Option<T>`, `None` for the empty one.
    Optional {
        /// The success with a body.
        some: Outcome,
        /// The success without one.
        none: Outcome,
    },
    /// Several successes, told apart by an enum of this name.
    Choice {
        /// The enum's type name.
        name: String,
        /// One variant per success status, in status order.
        outcomes: Vec<Outcome>,
    },
}

/// One success status of an operation with several.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// The HTTP status (`200`).
    pub status: u16,
    /// The response enum's variant for it (`Ok`, `NoContent`).
    pub variant: String,
    /// The body's type, when the status has one.
    pub ty: Option<Type>,
    /// The response's description.
    pub docs: Docs,
}

/// How an operation pages, and where a page's items are.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// How the next page is asked for.
    pub kind: PageKind,
    /// The type of one item.
    pub item: Type,
    /// Where the items are in the decoded response.
    pub items: Vec<Step>,
}

/// How an operation asks for the next page.
#[derive(Debug, Clone, PartialEq)]
pub enum PageKind {
    /// `skip` and `limit` (i64) query parameters.
    SkipLimit,
    /// An `after` cursor query parameter; the next cursor is found in the
    /// response along these steps.
    Cursor {
        /// The steps to the next cursor.
        next: Vec<Step>,
    },
}

/// One step from a decoded response towards a value in it.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// A struct field (its Rust name), optional or not.
    Field {
        /// The field's Rust name.
        name: String,
        /// Whether the field is an `Option`.
        optional: bool,
    },
    /// The `Some` of an optional response.
    Some,
    /// The variant of a response enum that holds the value (boxed).
    Variant {
        /// The response enum's type name.
        enum_name: String,
        /// The variant's name.
        variant: String,
    },
}

/// An example the spec gives for a type.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The test function's name.
    pub test: String,
    /// Where the spec gives it (`definition UserV2`, `GET /v1/x 200`).
    pub label: String,
    /// The type the example must decode as.
    pub ty: Type,
    /// The example as compact JSON.
    pub json: String,
    /// Why the example contradicts its own schema, when it is known to.
    pub known_bad: Option<String>,
}

/// One file of `src/types/`: a definition of the spec and the inline types
/// it needs.
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    /// The module's name as Rust writes it (`r#type`); without a raw
    /// prefix, the file stem.
    pub name: String,
    /// The types the file defines, in spec order.
    pub types: Vec<TypeDef>,
}

/// One named type.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeDef {
    /// A struct for an object schema.
    Struct(Struct),
    /// A string enum that keeps unknown values.
    Enum(Enum),
    /// A name for another type (a top-level array or map definition).
    Alias(Alias),
    /// One of several types (`oneOf`, `anyOf`): an enum with a variant per
    /// type and one for values that match none.
    Union(Union),
}

impl TypeDef {
    /// The type's Rust name.
    pub fn name(&self) -> &str {
        match self {
            TypeDef::Struct(s) => &s.name,
            TypeDef::Enum(e) => &e.name,
            TypeDef::Alias(a) => &a.name,
            TypeDef::Union(u) => &u.name,
        }
    }
}

/// Documentation lines, already plain text (the templates escape them).
pub type Docs = Vec<String>;

/// A struct for an object schema (and `allOf`).
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// The type's Rust name.
    pub name: String,
    /// The schema's description.
    pub docs: Docs,
    /// The declared properties, in spec order.
    pub fields: Vec<Field>,
    /// The field that keeps properties the spec does not declare, so a
    /// value read from the server is written back whole.
    pub extra: String,
    /// Every field is optional: `Default` is derived.
    pub default: bool,
    /// No field holds a float: `Eq` and `Hash` are derived.
    pub eq_hash: bool,
}

/// One field of a struct: a declared property.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The Rust identifier, as written in source (`r#type`).
    pub name: String,
    /// The exact name on the wire.
    pub wire: String,
    /// The name of the method that sets the field (`with_user_id`).
    pub setter: String,
    /// The field's Rust type (inside an `Option` unless required).
    pub ty: Type,
    /// Whether the field must be present and may be null.
    pub presence: Presence,
    /// The property's description.
    pub docs: Docs,
    /// The value constraints the spec states (`maxLength 256`): they do not
    /// change the Rust API, but a changelog reports them.
    pub constraints: Vec<String>,
}

/// Whether a field must be on the wire, and whether it may be null.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Always there, never null: a plain field, set by `new`.
    Required,
    /// May be absent: `Option`, left out of the JSON when `None`.
    Optional,
    /// Always there but may be null: `Option`, written as `null` when `None`.
    Nullable,
}

impl Presence {
    /// Whether a value must be given to `new`.
    pub fn is_required(self) -> bool {
        self == Presence::Required
    }
}

/// A string enum: one variant per value, and a catch-all.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// The type's Rust name.
    pub name: String,
    /// The schema's description.
    pub docs: Docs,
    /// The known values, in spec order.
    pub variants: Vec<Variant>,
    /// The variant that keeps a value this client does not know yet.
    pub catch_all: String,
}

/// One value of a string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// The variant's Rust name (`Normal`).
    pub name: String,
    /// The exact value on the wire (`NORMAL`).
    pub wire: String,
}

/// An enum of alternative types (`oneOf`, `anyOf`).
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// The type's Rust name.
    pub name: String,
    /// The schema's description.
    pub docs: Docs,
    /// The discriminator's property (wire name), when the spec names one:
    /// a value is decoded as the variant its tag names.
    pub tag: Option<String>,
    /// The alternatives, in spec order.
    pub variants: Vec<UnionVariant>,
    /// The variant that keeps, as JSON, a value no variant takes (an
    /// unknown tag, or a shape this client does not know yet).
    pub catch_all: String,
}

/// One alternative of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The variant's Rust name (the referenced type's, or `String`…).
    pub name: String,
    /// A variant's type; named types are boxed.
    pub ty: Type,
    /// The discriminator values that select it (tagged unions only).
    pub tags: Vec<String>,
}

/// Another name for a type: a top-level array or map definition.
#[derive(Debug, Clone, PartialEq)]
pub struct Alias {
    /// The alias's Rust name.
    pub name: String,
    /// The schema's description.
    pub docs: Docs,
    /// The type it names.
    pub ty: Type,
}

/// A Rust type a field or alias has.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    /// `integer` with `format: int32`.
    I32,
    /// `integer` (any other format).
    I64,
    /// `number` with `format: float`.
    F32,
    /// `number` (any other format).
    F64,
    /// `boolean`.
    Bool,
    /// `string` (dates and date-times included).
    String,
    /// `format: byte` or `binary`.
    Bytes,
    /// `type: string, format: long`: an `i64` that travels as a string
    /// (only as a field's own type).
    LongString,
    /// Any JSON value (a schema without a type).
    Json,
    /// A whole body or response of raw bytes (`application/octet-stream`,
    /// or a media type the generator cannot type): `Vec<u8>`.
    Binary,
    /// A whole body or response of raw text (`text/plain`): `String`.
    Text,
    /// A file part of a multipart body: bytes, file name, content type.
    File,
    /// A list of values of a type.
    Vec(Box<Type>),
    /// A JSON object with string keys (a `BTreeMap`: sorted, deterministic).
    Map(Box<Type>),
    /// A type of the crate, by its Rust name.
    Named(String),
    /// A named type behind a `Box`, to break a recursive cycle.
    Boxed(String),
    /// A list item or map value that may be `null` (`nullable: true`):
    /// `Option<T>`.
    Nullable(Box<Type>),
}

impl Type {
    /// Renames every named type inside this one that `rename` renames.
    pub fn rename(&mut self, rename: &dyn Fn(&str) -> Option<String>) {
        match self {
            Type::Named(n) | Type::Boxed(n) => {
                if let Some(new) = rename(n) {
                    *n = new;
                }
            }
            Type::Vec(inner) | Type::Map(inner) | Type::Nullable(inner) => inner.rename(rename),
            _ => {}
        }
    }
}
