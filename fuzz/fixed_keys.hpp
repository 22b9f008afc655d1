// Fixed test keys (generated for this harness with Python's `cryptography`,
// 2026-12-06), as hex.  Fixed rather than generated per run so that the seed
// corpus can hold signatures and ciphertexts that are valid under them, which
// takes the fuzzer past the verify and decrypt failures into the success paths.
#pragma once

namespace p11::fuzzing::fixed_keys {

struct rsa_key_hex {
    const char* modulus;
    const char* public_exponent;
    const char* private_exponent;
    const char* prime_1;
    const char* prime_2;
    const char* exponent_1;
    const char* exponent_2;
    const char* coefficient;
};

struct ec_key_hex {
    const char* params;  // DER OID of the named curve
    const char* value;   // private scalar
    const char* point;   // DER OCTET STRING of the uncompressed point
};

inline constexpr rsa_key_hex rsa1024{
    // modulus
        "db7d935db0804f6f771d73670d251cb50afe4ae5b72afdbe171b31460f801ea25787067e62f775bf2e5c1126186c2c48"
        "e294d307efc2c9ef9f908f84e7ca7c001d6c386c8b8cdcc332e4c5ad355713f6c3a5d59f8c8b01b583c6983cd44eae99"
        "a699bdce06e83696deddd20ab67a5148dc0d6b70316b361c4e813f6bee2f8ec3",
    // public_exponent
        "010001",
    // private_exponent
        "28d43838825fabe7213242485622a42f6d4716699ae40d6571e8e606915594dd4008e70555a590aaaa9607be9d6669ea"
        "78f39439f2b8ba55afc9f55894c18ec5227dcf61b74e1b85e221fb949a2053fc4b28cd52484bf09b2ca727cc5a761bf9"
        "e2e4904050ea1b3a95cbe4981b116daf4999f8b7ff01600ecc22c0268a6dd089",
    // prime_1
        "f269ed5e278fd2af28ae86d324672400833b8b9fa4b3caa63b9c381a4b5658983afcc464a2eca0aac8ffabef0b7dc378"
        "72bf6b840540e49bc1f560aca03a3517",
    // prime_2
        "e7cac0d4402aed0ec6be9ea32e40e2f34f074f6a666b27dffc8a753a729347740943d47f6fa63e06c6558aa17b33ceca"
        "914d726e6a2af7cfb627b2ca40fe9735",
    // exponent_1
        "7492f40f3f3f2eb604fe48dfe8b5a0de8e3d685b913cd4cb34076003650f54f3800a65f76f5213c18d7f461362974c14"
        "f439915e9f982157b5e266671d766069",
    // exponent_2
        "1ef0a584af7c0b60a98ed0461fea7160e0efacde1b05bab0df58ec04fd3e438f6d9d2c444676fe589128e1f46429aa34"
        "c7e87a99da7a19d21412807f16e5e4f1",
    // coefficient
        "7612263f2b606b2d78758cc703e69e8356c1779e7e5ec84f8da5cc56a9595f7de7637ae53f5be6a47afe4f1f6411cca5"
        "a3e68c06ede7941241f8d0149ed79340",
};

inline constexpr rsa_key_hex rsa2048{
    // modulus
        "c6787ba5bb6a83ac6b115e8fcb56b5703483c64ee323e9acfdefcf66197daef29dbc6faf5d82d71c0242948c30dc240b"
        "f8abe98fe24c7ce6718037a14cc54019b36efdd99d9edd8cb8b1f7088526a25d583f72c72963d6c8e78b69d61ac91559"
        "3be6d19b31b9a24bd8d1e1b3aad56cc65a3bdded701a88d88d41fd4e8926f6a7b7d7b3733c3abd6052c4dceef597e977"
        "bf069667ef69665530d80e9ae6bb50e5aaee0bb4ec279792edafd63b3420b32f580cd2e7b4de62ed3835f97e79afa888"
        "f1e419e66bc23301686f493d9144cad925b29ee73829216de46b97be2f7fd454d0679ef83abff3d27ef9b2023c770b5e"
        "c20feda115c02b2601a96ebdf8c576b1",
    // public_exponent
        "010001",
    // private_exponent
        "1a4b5c1658fe2e49143ba38b9424fe0f74e5ab2048778ee89c66be7e330d090b465a9b71605cdff840a9bc2f2bf4a927"
        "4235847c20e9d6a25be736223df439748391463b23e6d2f3672f82205ed8ff7f33c7342daeb8cb7bfd313b3f0d22c19b"
        "fb93ae5c214fb6c62b08f8c8bf995c654064836d31acfcf45e6d4a6207f4618e7078bb191359544ad443a68761b3e513"
        "63f251ce6350d496f51a63da28dc0e7ee59f1a4ff787200fb60583e44660fbe3bc9ca4d36202a85c230bfe5290447ee9"
        "e68eb32f13fe0fe577d5201bfbc929430d8154de1cff4c3ccf351d576c0c7d3d17adcf3b6c69cefc3453a360da4a6ddd"
        "2a7c1d237ac34c8dfe39bc7e70195501",
    // prime_1
        "e70f70e4aa6bc850f683cb357786d19c6e2461ae1f194dc27546bc4c16f7eae90198c2397cc153d862b90a1c9998ee73"
        "a7c41ffcc43cc1cf900f31883d96cda7bfd8386c5c97fecef211a1e7fceee8cf228619f9123c07913bdc61a46ae3a4bd"
        "c3f074c65bc752094e72cbbd4bd662dcce1bab709f166a8c03ed196af468eedf",
    // prime_2
        "dbe489bcb066a23990a9a2b254b149551312f0c615d6f0670be1b9ccdd42b5b40c755e1bee6774beec76088757b3bb28"
        "b9b528619e36651524c44daa5351a54e2a167194e4f30d68f4f3e7ee3b2e6c0eb004821dbd4675cf44f6f08ab5b6a4ed"
        "dca7b53e9448054dcf31ea61f13d09768acbc73bb5ad4f80837bb3e7670a9c6f",
    // exponent_1
        "a4fd5ca29ba27d167b009f011dc972319e607233905754342fe4039edda3c7e4fbd3e5948125d7462330782cf5ecc310"
        "68d25df8f2f3637d6023c93dbca4cb53266531dd06bd2e20fdaf638a310d33c67ca37f366033e73f689c3448e05e8f0b"
        "4637945af3bc3f3310065ebf5bc0c9355c235be6fe62565086992e5636121bc7",
    // exponent_2
        "ad699a46384778803559d27918d9879f941f47caafc686687db2523901f56e1ec4047b6743a84b25968daf442d220ce3"
        "9d3104db974e06819a31459ea17eae02eaa63084dfd9de257ba82eac6df7ba380b10431cf8fbec44bd7a915092e5ab43"
        "fad437d7565145fd8afd2e7e77254fa530e86c02e6cffaf6baba7fb26a4caff9",
    // coefficient
        "a52a919db8ce095acfde9b3b815be6bed172c0ca5a6eed0339fb3c006d5f269a2faa50204fa4d66fe253f75b44b89454"
        "51e4e0d70bdb0f36739a47340777d175154962fc0da27838692a14b655803756bd3f07cabb0bb1b23193f6e41cfc439d"
        "6f596ab67e93e74e4e21fbd747c6c46fc0afaa9819eacf6d77c709aed0e4a9d8",
};

inline constexpr ec_key_hex ec_p256{
    // params
        "06082a8648ce3d030107",
    // value
        "271c33de5cdb219ad1954d4b2e76b1339659da092b5a4a7cee716e8f56c74dd9",
    // point
        "0441047579d1a1344ab55677dcaa5d24d3d8914f5951022090f5ccc2dfc496a2b4c48c9e9e209f53ab3bdbb3b0cfb3a0"
        "8cf8400f8d3bbef5b6e24ef35b2e11921800d1",
};

inline constexpr ec_key_hex ec_p384{
    // params
        "06052b81040022",
    // value
        "ad058d1c31d7fba74caa4d2a5d657dabd6378096884f766f0ffb1fc52cd0b4e5d635832c12b6df26c66cd8c8924e484e",
    // point
        "0461041ffa95b01a55d3f7a096c72c4af8cbb6b90fe66feaeead94426a2e920d1f643055830c9045a20c0a39efdd0138"
        "e6624e039637e3268ae4a6413b3602a1c63ac61a4eb296b6a362d52fe60c608a0a5a49fdebc485ec56754b345b8fea2e"
        "e2f9d8",
};

inline constexpr ec_key_hex ec_p521{
    // params
        "06052b81040023",
    // value
        "0097bf38d7aec9294a3b1c186fa826ae5a1eca211f472cd1a38dbff9c58ce9a06f1b7746897d1b5b48b479de5c47f343"
        "65dbb70875d6e6e0a5cd41dfbe37a058e893",
    // point
        "048185040171b28a4f704865b2e9dd57c81ed00562d162d10a66c10013971fdb06e3c7ed74dd1b303023471aadd33bc3"
        "fb9a6ae025a608025ac584bf9609420a361b8943e760017204beddd01af0ce93b2681fb22de3474881b8a7c441527cef"
        "3da2d896906cde2d290830a55467304e85e836dfbdd5912ebb03725e0532e17613e3a65f8918b47c",
};

} // namespace p11::fuzzing::fixed_keys
