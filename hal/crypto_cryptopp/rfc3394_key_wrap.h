#pragma once
// RFC 3394 AES key wrap (SP 800-38F "KW") with the default IV, written on single AES block
// operations because the Crypto++ this project builds against has no key wrap of its own.
#include <cryptopp/cryptlib.h>

#include "hal/crypto.h"

namespace kb::hal::cryptopp {

// in: n >= 2 64-bit blocks; out: n + 1 blocks. `encrypt` is AES keyed with the KEK. in and out
// may overlap.
void rfc3394_wrap(const CryptoPP::BlockTransformation& encrypt, Bytes in, MutableBytes out);

// in: n + 1 >= 3 blocks; out: n blocks. `decrypt` is AES (inverse cipher) keyed with the KEK.
// Returns false, with out zeroed, when the recovered integrity value is not the default IV.
bool rfc3394_unwrap(const CryptoPP::BlockTransformation& decrypt, Bytes in, MutableBytes out);

}  // namespace kb::hal::cryptopp
