package dev.lambdarec.functions;

import com.fasterxml.jackson.core.FormatSchema;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.InjectableValues;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.InputStream;

/**
 * The application's ObjectMapper, which Quarkus' Lambda runtime copies to read each invocation: a reader for
 * {@link LambdaPayload} hands the function the raw bytes instead of parsing them. This is what lets one
 * deployment artifact serve both direct invokes and Function URL envelopes, with every parse error answered by the
 * function itself (see README, "predict over HTTP").
 */
final class PayloadObjectMapper extends ObjectMapper {

    PayloadObjectMapper() {
    }

    private PayloadObjectMapper(PayloadObjectMapper source) {
        super(source);
    }

    @Override
    public ObjectMapper copy() {
        _checkInvalidCopy(PayloadObjectMapper.class);
        return new PayloadObjectMapper(this);
    }

    @Override
    protected ObjectReader _newReader(DeserializationConfig config, JavaType valueType, Object valueToUpdate,
                                      FormatSchema schema, InjectableValues injectableValues) {
        if (valueType != null && valueType.getRawClass() == LambdaPayload.class) {
            return new RawReader(this, config, valueType, valueToUpdate, schema, injectableValues);
        }
        return super._newReader(config, valueType, valueToUpdate, schema, injectableValues);
    }

    /** Reads an invocation's bytes, bounded, without parsing them. */
    private static final class RawReader extends ObjectReader {
        RawReader(ObjectMapper mapper, DeserializationConfig config, JavaType valueType, Object valueToUpdate,
                  FormatSchema schema, InjectableValues injectableValues) {
            super(mapper, config, valueType, valueToUpdate, schema, injectableValues);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T readValue(InputStream src) throws IOException {
            return (T) LambdaPayload.read(src);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T readValue(byte[] content) {
            return (T) LambdaPayload.of(content);
        }
    }
}
