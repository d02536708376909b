/* Mbed TLS 2.28 configuration for keybench's PSA Crypto core (fact sheet A4.1), the whole config
 * (MBEDTLS_CONFIG_FILE), the same on a Linux host and on the Cortex-M33 board build: PSA Crypto
 * with persistent storage and secure-element drivers, the X.509 parts a CSR needs and a certificate
 * parser (the STSAFE-A120 driver reads the factory key from the device certificate), P-256 only.
 * Internal trusted storage (psa_its_*) and the random source are keybench's (core/psa), so no file
 * system, no platform entropy and no clock are needed. */
#ifndef KEYBENCH_MBEDTLS_CONFIG_H
#define KEYBENCH_MBEDTLS_CONFIG_H

/* System support: none of the OS facilities; keybench supplies storage and randomness. */
#define MBEDTLS_NO_PLATFORM_ENTROPY
#define MBEDTLS_PSA_CRYPTO_EXTERNAL_RNG

/* PSA Crypto, persistent keys (the key files live in ITS), secure-element drivers, and the PK
 * and X.509 layers going through PSA (an opaque PK signs with psa_sign_hash). */
#define MBEDTLS_PSA_CRYPTO_C
#define MBEDTLS_PSA_CRYPTO_STORAGE_C
#define MBEDTLS_PSA_CRYPTO_SE_C
#define MBEDTLS_USE_PSA_CRYPTO

/* Elliptic curves: P-256, ECDSA (randomised) and ECDH. */
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ECDSA_C
#define MBEDTLS_ECDH_C

/* Hashes and the generic layers PSA and PK use. */
#define MBEDTLS_MD_C
#define MBEDTLS_SHA256_C
#define MBEDTLS_CIPHER_C
#define MBEDTLS_AES_C
/* The ECP module blinds its scalar multiplications with an internal HMAC_DRBG. */
#define MBEDTLS_HMAC_DRBG_C

/* Keys, ASN.1, PEM and the CSR writer (fact sheet A4.1: PEM write, X.509 create, CSR write). */
#define MBEDTLS_OID_C
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C
#define MBEDTLS_PK_WRITE_C
#define MBEDTLS_BASE64_C
#define MBEDTLS_PEM_WRITE_C
#define MBEDTLS_X509_CREATE_C
#define MBEDTLS_X509_CSR_WRITE_C
/* The STSAFE-A120 driver learns the factory key's public key from the device certificate. */
#define MBEDTLS_X509_USE_C
#define MBEDTLS_X509_CRT_PARSE_C

#include "mbedtls/check_config.h"

#endif /* KEYBENCH_MBEDTLS_CONFIG_H */
