//! `#[derive(ToRust)]`: the Rust expression that rebuilds a value of a model type, for `grafana-dashboards`'
//! code generation.
//!
//! A struct becomes a struct literal that names only the fields that differ from its `Default`
//! (`StatOptions { text_mode: stat::TextMode::Name, ..Default::default() }`); an enum variant becomes its path,
//! call or struct literal. Paths are written through the module the type is defined in (`module_path!()` at
//! the type), so the generated code imports modules, not a glob. A field marked `#[to_rust(skip)]` is left to
//! its default. The expansion refers to `crate::codegen`, so the derive is for use inside `grafana-dashboards`.

use proc_macro::TokenStream;
use quote::quote;
use syn::{parse_macro_input, Data, DeriveInput, Fields};

/// Derives `crate::codegen::ToRust`.
#[proc_macro_derive(ToRust, attributes(to_rust))]
pub fn derive_to_rust(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(tokens) => tokens.into(),
        Err(error) => error.to_compile_error().into(),
    }
}

fn skipped(attrs: &[syn::Attribute]) -> syn::Result<bool> {
    let mut skip = false;
    for attr in attrs.iter().filter(|a| a.path().is_ident("to_rust")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("skip") {
                skip = true;
                Ok(())
            } else {
                Err(meta.error("expected `skip`"))
            }
        })?;
    }
    Ok(skip)
}

fn expand(input: &DeriveInput) -> syn::Result<proc_macro2::TokenStream> {
    let name = &input.ident;
    let name_text = name.to_string();
    let mut generics = input.generics.clone();
    let params: Vec<_> = generics.type_params().map(|p| p.ident.clone()).collect();
    let where_clause = generics.make_where_clause();
    for param in &params {
        where_clause
            .predicates
            .push(syn::parse_quote!(#param: crate::codegen::ToRust + ::core::cmp::PartialEq));
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let body = match &input.data {
        Data::Struct(data) => {
            let Fields::Named(fields) = &data.fields else {
                return Err(syn::Error::new_spanned(
                    name,
                    "ToRust derives for structs with named fields",
                ));
            };
            let total = fields.named.len();
            let mut pushes = Vec::new();
            for field in &fields.named {
                if skipped(&field.attrs)? {
                    continue;
                }
                let ident = field.ident.as_ref().expect("named");
                let text = ident.to_string();
                pushes.push(quote! {
                    if self.#ident != default.#ident {
                        fields.push((#text, crate::codegen::ToRust::to_rust(&self.#ident)));
                    }
                });
            }
            quote! {
                let default = <Self as ::core::default::Default>::default();
                let mut fields = ::std::vec::Vec::new();
                #(#pushes)*
                crate::codegen::Expr::structure(module_path!(), #name_text, fields, #total)
            }
        }
        Data::Enum(data) => {
            let arms = data.variants.iter().map(|variant| {
                let v = &variant.ident;
                let path = format!("{name_text}::{v}");
                match &variant.fields {
                    Fields::Unit => quote! { Self::#v => crate::codegen::Expr::path(module_path!(), #path) },
                    Fields::Unnamed(unnamed) => {
                        let binds: Vec<_> = (0..unnamed.unnamed.len())
                            .map(|i| quote::format_ident!("f{i}"))
                            .collect();
                        quote! {
                            Self::#v(#(#binds),*) => crate::codegen::Expr::call(
                                crate::codegen::Expr::path(module_path!(), #path),
                                ::std::vec![#(crate::codegen::ToRust::to_rust(#binds)),*],
                            )
                        }
                    }
                    Fields::Named(named) => {
                        let idents: Vec<_> = named.named.iter().filter_map(|f| f.ident.clone()).collect();
                        let texts: Vec<_> = idents.iter().map(ToString::to_string).collect();
                        let total = idents.len();
                        quote! {
                            Self::#v { #(#idents),* } => crate::codegen::Expr::structure(
                                module_path!(),
                                #path,
                                ::std::vec![#((#texts, crate::codegen::ToRust::to_rust(#idents))),*],
                                #total,
                            )
                        }
                    }
                }
            });
            quote! {
                match self {
                    #(#arms,)*
                }
            }
        }
        Data::Union(_) => return Err(syn::Error::new_spanned(name, "ToRust does not derive for unions")),
    };
    Ok(quote! {
        impl #impl_generics crate::codegen::ToRust for #name #ty_generics #where_clause {
            fn to_rust(&self) -> crate::codegen::Expr {
                #body
            }
        }
    })
}
