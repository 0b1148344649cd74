//! Rust expressions as a tree, written out the way rustfmt would lay them: on one line when they fit, else
//! one element per line.

use std::collections::BTreeSet;

/// Width a line may take before an expression is broken over several lines.
const MAX_WIDTH: usize = 100;

/// A Rust expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// Written as is (`true`, `"text".into()`, `12`).
    Atom(String),
    /// A path through the module that defines it: `module` is a `module_path!()`, `name` the rest
    /// (`ColorMode::Background`). Written `stat::ColorMode::Background` with `use grafana_dashboards::viz::stat;`.
    Path {
        /// The defining module, e.g. `grafana_dashboards::viz::stat`.
        module: &'static str,
        /// The path inside it.
        name: String,
    },
    /// `head(args…)`.
    Call(Box<Expr>, Vec<Expr>),
    /// `Name { field: value, …, ..Default::default() }`: only the fields given, the rest from `Default` when
    /// there are fewer than `total`.
    Struct {
        /// The defining module.
        module: &'static str,
        /// The type (or enum variant) path inside it.
        name: String,
        /// The fields written.
        fields: Vec<(&'static str, Expr)>,
        /// How many fields the type has.
        total: usize,
    },
    /// `vec![items…]`.
    List(Vec<Expr>),
    /// `[items…]`.
    Array(Vec<Expr>),
    /// `(a, b)`.
    Tuple(Vec<Expr>),
    /// `base.a(…).b(…)`, a builder chain.
    Chain(Box<Expr>, Vec<(String, Vec<Expr>)>),
    /// A `{ … }` block: statements, then the value.
    Block(Vec<String>, Box<Expr>),
    /// `head = value`, e.g. a closure's body `|p| p.transparent = Some(true)`.
    Assign(String, Box<Expr>),
}

impl Expr {
    /// A path through the module that defines it.
    pub fn path(module: &'static str, name: impl Into<String>) -> Expr {
        Expr::Path {
            module,
            name: name.into(),
        }
    }

    /// `head(args…)`.
    pub fn call(head: Expr, args: Vec<Expr>) -> Expr {
        Expr::Call(Box::new(head), args)
    }

    /// A struct literal of the fields given.
    pub fn structure(module: &'static str, name: &str, fields: Vec<(&'static str, Expr)>, total: usize) -> Expr {
        Expr::Struct {
            module,
            name: name.into(),
            fields,
            total,
        }
    }

    /// A string literal turned into the `String` the field holds.
    pub fn string(text: &str) -> Expr {
        Expr::Atom(format!("{}.into()", literal(text)))
    }

    /// A `&str` literal.
    pub fn str(text: &str) -> Expr {
        Expr::Atom(literal(text))
    }

    /// `self.method(args…)`, appended to a chain.
    pub fn then(self, method: &str, args: Vec<Expr>) -> Expr {
        match self {
            Expr::Chain(base, mut calls) => {
                calls.push((method.into(), args));
                Expr::Chain(base, calls)
            }
            base => Expr::Chain(Box::new(base), vec![(method.into(), args)]),
        }
    }

    /// Replaces every occurrence of `from` in the tree with `to`; returns how many there were.
    pub fn replace(&mut self, from: &Expr, to: &Expr) -> usize {
        if self == from {
            *self = to.clone();
            return 1;
        }
        match self {
            Expr::Atom(_) | Expr::Path { .. } => 0,
            Expr::Call(head, args) => {
                head.replace(from, to) + args.iter_mut().map(|a| a.replace(from, to)).sum::<usize>()
            }
            Expr::Struct { fields, .. } => fields.iter_mut().map(|(_, v)| v.replace(from, to)).sum(),
            Expr::List(items) | Expr::Array(items) | Expr::Tuple(items) => {
                items.iter_mut().map(|i| i.replace(from, to)).sum()
            }
            Expr::Chain(base, calls) => {
                base.replace(from, to)
                    + calls
                        .iter_mut()
                        .flat_map(|(_, args)| args.iter_mut())
                        .map(|a| a.replace(from, to))
                        .sum::<usize>()
            }
            Expr::Block(_, value) | Expr::Assign(_, value) => value.replace(from, to),
        }
    }

    /// The expression as source on a line indented `indent` columns, and the modules it needs imported.
    pub fn write(&self, indent: usize, imports: &mut Imports) -> String {
        self.write_after(indent, 0, imports)
    }

    /// The expression as source starting `used` columns into a line indented `indent` columns: on that line if
    /// it fits, else broken with its parts indented from `indent`.
    fn write_after(&self, indent: usize, used: usize, imports: &mut Imports) -> String {
        let flat = self.flat(imports);
        if !flat.contains('\n') && indent + used + flat.len() <= MAX_WIDTH && !matches!(self, Expr::Block(..)) {
            return flat;
        }
        let pad = " ".repeat(indent + 4);
        let end = " ".repeat(indent);
        match self {
            Expr::Atom(_) | Expr::Path { .. } => flat,
            Expr::Call(head, args) => {
                let head = head.write(indent, imports);
                if let [arg] = args.as_slice() {
                    let used = used + head.len() + 1;
                    return format!("{head}({})", arg.write_after(indent, used, imports));
                }
                let args: Vec<String> = args
                    .iter()
                    .map(|a| format!("{pad}{},\n", a.write(indent + 4, imports)))
                    .collect();
                format!("{head}(\n{}{end})", args.concat())
            }
            Expr::Struct {
                module,
                name,
                fields,
                total,
            } if !fields.is_empty() => {
                let head = imports.name(module, name);
                let mut body: String = fields
                    .iter()
                    .map(|(f, v)| format!("{pad}{f}: {},\n", v.write_after(indent + 4, f.len() + 2, imports)))
                    .collect();
                if fields.len() < *total {
                    body.push_str(&format!("{pad}..Default::default()\n"));
                }
                format!("{head} {{\n{body}{end}}}")
            }
            Expr::Struct { .. } => flat,
            Expr::List(items) => {
                let items: String = items
                    .iter()
                    .map(|i| format!("{pad}{},\n", i.write(indent + 4, imports)))
                    .collect();
                format!("vec![\n{items}{end}]")
            }
            Expr::Tuple(items) => {
                let items: String = items
                    .iter()
                    .map(|i| format!("{pad}{},\n", i.write(indent + 4, imports)))
                    .collect();
                format!("(\n{items}{end})")
            }
            Expr::Array(items) => {
                let items: String = items
                    .iter()
                    .map(|i| format!("{pad}{},\n", i.write(indent + 4, imports)))
                    .collect();
                format!("[\n{items}{end}]")
            }
            Expr::Chain(base, calls) => {
                let mut out = base.write(indent, imports);
                for (method, args) in calls {
                    let call = Expr::call(Expr::Atom(method.clone()), args.clone());
                    out.push_str(&format!("\n{pad}.{}", call.write(indent + 4, imports)));
                }
                out
            }
            Expr::Block(statements, value) => {
                let body: String = statements.iter().map(|s| format!("{pad}{s}\n")).collect();
                format!("{{\n{body}{pad}{}\n{end}}}", value.write(indent + 4, imports))
            }
            Expr::Assign(head, value) => {
                format!("{head} = {}", value.write_after(indent, used + head.len() + 3, imports))
            }
        }
    }

    /// The expression on one line.
    fn flat(&self, imports: &mut Imports) -> String {
        let join = |items: &[Expr], imports: &mut Imports| {
            items.iter().map(|i| i.flat(imports)).collect::<Vec<_>>().join(", ")
        };
        match self {
            Expr::Atom(text) => text.clone(),
            Expr::Path { module, name } => imports.name(module, name),
            Expr::Call(head, args) => format!("{}({})", head.flat(imports), join(args, imports)),
            Expr::Struct {
                module,
                name,
                fields,
                total,
            } => {
                let head = imports.name(module, name);
                let mut parts: Vec<String> = fields
                    .iter()
                    .map(|(f, v)| format!("{f}: {}", v.flat(imports)))
                    .collect();
                if fields.len() < *total {
                    parts.push("..Default::default()".into());
                }
                if fields.is_empty() && *total > 0 {
                    format!("{head}::default()")
                } else if parts.is_empty() {
                    format!("{head} {{}}")
                } else {
                    format!("{head} {{ {} }}", parts.join(", "))
                }
            }
            Expr::List(items) => format!("vec![{}]", join(items, imports)),
            Expr::Array(items) => format!("[{}]", join(items, imports)),
            Expr::Tuple(items) => format!("({})", join(items, imports)),
            Expr::Chain(base, calls) => {
                let mut out = base.flat(imports);
                for (method, args) in calls {
                    out.push_str(&format!(".{method}({})", join(args, imports)));
                }
                out
            }
            Expr::Block(statements, value) => format!("{{ {} {} }}", statements.join(" "), value.flat(imports)),
            Expr::Assign(head, value) => format!("{head} = {}", value.flat(imports)),
        }
    }
}

/// A string literal: raw (`r#"…"#`) when that spares escaping quotes or backslashes (PromQL is full of both),
/// escaped otherwise.
pub fn literal(text: &str) -> String {
    let plain = !text.chars().any(|c| c.is_control()) && !text.contains("\"#");
    if plain && (text.contains('"') || text.contains('\\')) {
        format!("r#\"{text}\"#")
    } else {
        format!("{text:?}")
    }
}

/// The `use` lines generated code needs.
#[derive(Debug, Default)]
pub struct Imports {
    paths: BTreeSet<String>,
}

impl Imports {
    /// Records `use` of what `name` in `module` needs, and returns how the code names it: through the module's
    /// last segment (`stat::TextMode::Name`), or the item itself for the crate root (`Panel::of`).
    pub fn name(&mut self, module: &str, name: &str) -> String {
        match module.rsplit_once("::") {
            Some((_, alias)) => {
                self.paths.insert(module.to_owned());
                format!("{alias}::{name}")
            }
            None => {
                let item = name.split("::").next().unwrap_or(name);
                self.paths.insert(format!("{module}::{item}"));
                name.to_owned()
            }
        }
    }

    /// Records a `use` of a full path.
    pub fn add(&mut self, path: &str) {
        self.paths.insert(path.to_owned());
    }

    /// The `use` lines, sorted.
    pub fn lines(&self) -> String {
        self.paths.iter().map(|p| format!("use {p};\n")).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_struct_literal_stays_on_one_line_and_imports_its_module() {
        let mut imports = Imports::default();
        let expr = Expr::structure(
            "grafana_dashboards::viz::stat",
            "StatOptions",
            vec![("wide_layout", Expr::Atom("false".into()))],
            8,
        );
        assert_eq!(
            expr.write(0, &mut imports),
            "stat::StatOptions { wide_layout: false, ..Default::default() }"
        );
        assert_eq!(imports.lines(), "use grafana_dashboards::viz::stat;\n");
    }

    #[test]
    fn a_long_chain_breaks_one_call_per_line() {
        let mut imports = Imports::default();
        let long = Expr::str(&"x".repeat(60));
        let expr = Expr::call(Expr::path("grafana_dashboards", "Panel::of"), vec![long.clone()])
            .then("description", vec![long]);
        let text = expr.write(0, &mut imports);
        assert!(text.contains("\n    .description("), "{text}");
        assert_eq!(imports.lines(), "use grafana_dashboards::Panel;\n");
    }
}
