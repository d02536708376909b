#include <cryptopp/aes.h>
#include <cryptopp/ccm.h>
#include <cryptopp/cmac.h>
#include <cryptopp/misc.h>
#include <cryptopp/modes.h>

#include "hal/crypto_cryptopp/cryptopp_crypto.h"
#include "hal/crypto_cryptopp/cryptopp_crypto_state.h"

namespace kb::hal::cryptopp {

using detail::data_or_empty;
using detail::guarded;
using detail::is_aes_key;

namespace {

constexpr size_t kBlock = CryptoPP::AES::BLOCKSIZE;

bool whole_blocks(Bytes in, MutableBytes out) {
  return in.size() % kBlock == 0 && out.size() == in.size();
}

// ECB and CBC share everything but the mode object.
template <typename Mode>
CryptoResult run_block_mode(Mode& mode, Bytes in, MutableBytes out) {
  if (!in.empty()) mode.ProcessData(out.data(), in.data(), in.size());
  return CryptoResult::kOk;
}

// CCM's tag length is part of the computation (it is encoded in the first block), and Crypto++
// takes it as a template argument, so every allowed length gets its own instantiation.
template <int TagSize>
CryptoResult ccm_encrypt(Bytes key, Bytes nonce, Bytes aad, Bytes plaintext, MutableBytes ciphertext,
                         MutableBytes tag) {
  typename CryptoPP::CCM<CryptoPP::AES, TagSize>::Encryption ccm;
  ccm.SetKeyWithIV(key.data(), key.size(), nonce.data(), nonce.size());
  ccm.SpecifyDataLengths(aad.size(), plaintext.size(), 0);
  if (!aad.empty()) ccm.Update(aad.data(), aad.size());
  if (!plaintext.empty()) ccm.ProcessData(ciphertext.data(), plaintext.data(), plaintext.size());
  ccm.Final(tag.data());
  return CryptoResult::kOk;
}

template <int TagSize>
CryptoResult ccm_decrypt(Bytes key, Bytes nonce, Bytes aad, Bytes ciphertext, Bytes tag, MutableBytes plaintext) {
  typename CryptoPP::CCM<CryptoPP::AES, TagSize>::Decryption ccm;
  ccm.SetKeyWithIV(key.data(), key.size(), nonce.data(), nonce.size());
  ccm.SpecifyDataLengths(aad.size(), ciphertext.size(), 0);
  if (!aad.empty()) ccm.Update(aad.data(), aad.size());
  if (!ciphertext.empty()) ccm.ProcessData(plaintext.data(), ciphertext.data(), ciphertext.size());
  if (!ccm.Verify(tag.data())) {
    CryptoPP::SecureWipeBuffer(plaintext.data(), plaintext.size());
    return CryptoResult::kVerifyFailed;
  }
  return CryptoResult::kOk;
}

bool ccm_sizes_ok(Bytes key, Bytes nonce, size_t tag_size) {
  return is_aes_key(key) && nonce.size() >= 7 && nonce.size() <= 13 && tag_size >= 4 && tag_size <= 16 &&
         tag_size % 2 == 0;
}

}  // namespace

CryptoResult CryptoppCrypto::aes_ecb_encrypt(Bytes key, Bytes in, MutableBytes out) {
  if (!is_aes_key(key) || !whole_blocks(in, out)) return CryptoResult::kInvalidArgument;
  return guarded([&] {
    CryptoPP::ECB_Mode<CryptoPP::AES>::Encryption ecb(key.data(), key.size());
    return run_block_mode(ecb, in, out);
  });
}

CryptoResult CryptoppCrypto::aes_ecb_decrypt(Bytes key, Bytes in, MutableBytes out) {
  if (!is_aes_key(key) || !whole_blocks(in, out)) return CryptoResult::kInvalidArgument;
  return guarded([&] {
    CryptoPP::ECB_Mode<CryptoPP::AES>::Decryption ecb(key.data(), key.size());
    return run_block_mode(ecb, in, out);
  });
}

CryptoResult CryptoppCrypto::aes_cbc_encrypt(Bytes key, Bytes iv, Bytes in, MutableBytes out) {
  if (!is_aes_key(key) || iv.size() != kBlock || !whole_blocks(in, out)) return CryptoResult::kInvalidArgument;
  return guarded([&] {
    CryptoPP::CBC_Mode<CryptoPP::AES>::Encryption cbc(key.data(), key.size(), iv.data());
    return run_block_mode(cbc, in, out);
  });
}

CryptoResult CryptoppCrypto::aes_cbc_decrypt(Bytes key, Bytes iv, Bytes in, MutableBytes out) {
  if (!is_aes_key(key) || iv.size() != kBlock || !whole_blocks(in, out)) return CryptoResult::kInvalidArgument;
  return guarded([&] {
    CryptoPP::CBC_Mode<CryptoPP::AES>::Decryption cbc(key.data(), key.size(), iv.data());
    return run_block_mode(cbc, in, out);
  });
}

CryptoResult CryptoppCrypto::aes_cmac(Bytes key, Bytes message, MutableBytes tag16) {
  if (!is_aes_key(key) || tag16.size() != kBlock) return CryptoResult::kInvalidArgument;
  return guarded([&] {
    CryptoPP::CMAC<CryptoPP::AES> cmac(key.data(), key.size());
    cmac.CalculateDigest(tag16.data(), data_or_empty(message), message.size());
    return CryptoResult::kOk;
  });
}

CryptoResult CryptoppCrypto::aes_ccm_encrypt(Bytes key, Bytes nonce, Bytes aad, Bytes plaintext,
                                             MutableBytes ciphertext, MutableBytes tag) {
  if (!ccm_sizes_ok(key, nonce, tag.size()) || ciphertext.size() != plaintext.size()) {
    return CryptoResult::kInvalidArgument;
  }
  return guarded([&] {
    switch (tag.size()) {
      case 4: return ccm_encrypt<4>(key, nonce, aad, plaintext, ciphertext, tag);
      case 6: return ccm_encrypt<6>(key, nonce, aad, plaintext, ciphertext, tag);
      case 8: return ccm_encrypt<8>(key, nonce, aad, plaintext, ciphertext, tag);
      case 10: return ccm_encrypt<10>(key, nonce, aad, plaintext, ciphertext, tag);
      case 12: return ccm_encrypt<12>(key, nonce, aad, plaintext, ciphertext, tag);
      case 14: return ccm_encrypt<14>(key, nonce, aad, plaintext, ciphertext, tag);
      case 16: return ccm_encrypt<16>(key, nonce, aad, plaintext, ciphertext, tag);
      default: return CryptoResult::kInvalidArgument;
    }
  });
}

CryptoResult CryptoppCrypto::aes_ccm_decrypt(Bytes key, Bytes nonce, Bytes aad, Bytes ciphertext, Bytes tag,
                                             MutableBytes plaintext) {
  if (!ccm_sizes_ok(key, nonce, tag.size()) || plaintext.size() != ciphertext.size()) {
    return CryptoResult::kInvalidArgument;
  }
  CryptoResult result = guarded([&] {
    switch (tag.size()) {
      case 4: return ccm_decrypt<4>(key, nonce, aad, ciphertext, tag, plaintext);
      case 6: return ccm_decrypt<6>(key, nonce, aad, ciphertext, tag, plaintext);
      case 8: return ccm_decrypt<8>(key, nonce, aad, ciphertext, tag, plaintext);
      case 10: return ccm_decrypt<10>(key, nonce, aad, ciphertext, tag, plaintext);
      case 12: return ccm_decrypt<12>(key, nonce, aad, ciphertext, tag, plaintext);
      case 14: return ccm_decrypt<14>(key, nonce, aad, ciphertext, tag, plaintext);
      case 16: return ccm_decrypt<16>(key, nonce, aad, ciphertext, tag, plaintext);
      default: return CryptoResult::kInvalidArgument;
    }
  });
  // Whatever stopped decryption part way, unauthenticated plaintext must not leak.
  if (result != CryptoResult::kOk) CryptoPP::SecureWipeBuffer(plaintext.data(), plaintext.size());
  return result;
}

// Crypto++ has no RFC 3394 key wrap, and the project writes no block-cipher mode of its own.
CryptoResult CryptoppCrypto::aes_key_wrap(Bytes, Bytes, MutableBytes out) {
  CryptoPP::SecureWipeBuffer(out.data(), out.size());
  return CryptoResult::kUnsupported;
}

CryptoResult CryptoppCrypto::aes_key_unwrap(Bytes, Bytes, MutableBytes out) {
  CryptoPP::SecureWipeBuffer(out.data(), out.size());
  return CryptoResult::kUnsupported;
}

}  // namespace kb::hal::cryptopp
