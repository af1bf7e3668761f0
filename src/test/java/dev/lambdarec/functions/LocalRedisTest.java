package dev.lambdarec.functions;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The Redis server the tests start is real, and the functions' Redis client reaches it. */
@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class LocalRedisTest {

    @Inject
    RedisDataSource redis;

    @Test
    void setGetAndExpireAgainstARealServer() {
        var values = redis.value(String.class);
        values.setex("lambdarec:test", 60, "{\"items\":[]}");
        assertThat(values.get("lambdarec:test")).isEqualTo("{\"items\":[]}");
        assertThat(redis.key().ttl("lambdarec:test")).isBetween(1L, 60L);
        assertThat(redis.execute("INFO", "server").toString()).contains("redis_version");
    }
}
