//! The runtime of the generated client as a crate of its own, so it
//! compiles and is tested where it is written. Generated crates carry a
//! copy of this directory (every file but this one) as `src/runtime/`;
//! the module path `crate::runtime` is the same in both places.

#[path = "mod.rs"]
pub mod runtime;

/// The README's Rust examples, compiled as doctests (they use the pod
/// crate generated from these files, a dev-dependency).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// With the `fips` feature, the login signs with the FIPS-validated
/// provider and installs it for TLS (`cargo test -p client-runtime
/// --features fips --lib`, which `.ci/run` runs). Here, not in a copied
/// file: the test key is this crate's.
#[cfg(all(test, feature = "fips"))]
mod fips {
    #[test]
    fn an_rsa_login_signs_with_the_fips_validated_provider() {
        let pem = include_bytes!("../tests/common/test-key-pkcs8.pem");
        // Loading the key signs a JWT with it.
        crate::runtime::RsaAuth::from_pem("https://pod.example.com", "bot", pem)
            .expect("the FIPS provider signs RS512");
        let provider = rustls::crypto::CryptoProvider::get_default().expect("a provider");
        assert!(provider.fips());
    }
}
