package academy.pipeline.core.config;

import academy.pipeline.core.runtime.DoneSideEffect;
import academy.pipeline.core.runtime.DoneSideEffectListener;
import academy.pipeline.core.runtime.StageDefinition;
import academy.pipeline.core.runtime.StageListener;
import academy.pipeline.core.runtime.StageListeners;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.kafka.retrytopic.RetryTopicConfiguration;

/**
 * Turns each {@link StageDefinition} bean into the stage's listener ({@code <name>Listener}) and retry-topic
 * configuration ({@code <name>RetryTopics}), and each {@link DoneSideEffect} bean into its listener. They are
 * registered as bean definitions rather than built by a {@code @Bean} method because spring-kafka finds
 * {@code @KafkaListener} beans and retry-topic configurations among the beans, one bean each.
 */
class StageRegistrar implements BeanDefinitionRegistryPostProcessor {

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        ListableBeanFactory beans = (ListableBeanFactory) registry;
        for (String name : beans.getBeanNamesForType(StageDefinition.class, false, false)) {
            register(registry, name + "Listener", StageListener.class, beans, name, StageDefinition.class,
                    StageListeners::listener);
            register(registry, name + "RetryTopics", RetryTopicConfiguration.class, beans, name, StageDefinition.class,
                    StageListeners::retryTopics);
        }
        for (String name : beans.getBeanNamesForType(DoneSideEffect.class, false, false)) {
            register(registry, name + "Listener", DoneSideEffectListener.class, beans, name, DoneSideEffect.class,
                    StageListeners::doneListener);
        }
    }

    /** A bean of {@code type}, built when first needed from the definition bean {@code source}. */
    private static <D, T> void register(BeanDefinitionRegistry registry, String name, Class<T> type,
                                        ListableBeanFactory beans, String source, Class<D> sourceType,
                                        Builder<D, T> builder) {
        RootBeanDefinition bean = new RootBeanDefinition(type, () ->
                builder.build(beans.getBean(StageListeners.class), beans.getBean(source, sourceType)));
        bean.setDependsOn(source);
        registry.registerBeanDefinition(name, bean);
    }

    @FunctionalInterface
    private interface Builder<D, T> {

        T build(StageListeners stages, D definition);
    }
}
