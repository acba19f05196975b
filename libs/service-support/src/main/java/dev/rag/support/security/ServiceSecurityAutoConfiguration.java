package dev.rag.support.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * The service token for every service's clients, and, on an internal service with a token, the
 * filter that requires it ahead of everything else.
 */
@AutoConfiguration
@EnableConfigurationProperties(ServiceSecurityProperties.class)
public class ServiceSecurityAutoConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ServiceSecurityAutoConfiguration.class);

  @Bean
  ServiceToken serviceToken(ServiceSecurityProperties properties) {
    return new ServiceToken(properties.serviceToken());
  }

  @Bean
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  FilterRegistrationBean<ServiceTokenFilter> serviceTokenFilter(
      ServiceSecurityProperties properties, ServiceToken token) {
    if (properties.internal() && !token.configured()) {
      log.warn(
          "rag.security.service-token is not set: this internal service accepts calls from this machine "
              + "only (listening on 127.0.0.1 unless server.address is set) and checks no caller");
    }
    FilterRegistrationBean<ServiceTokenFilter> registration =
        new FilterRegistrationBean<>(new ServiceTokenFilter(token));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 50);
    registration.addUrlPatterns("/*");
    registration.setEnabled(properties.internal());
    return registration;
  }
}
