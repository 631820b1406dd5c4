package dev.tracewire.reactor;

import java.lang.reflect.Method;

import org.aopalliance.intercept.MethodInvocation;
import org.aspectj.lang.JoinPoint;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.reflect.MethodSignature;
import org.aspectj.lang.reflect.SourceLocation;
import org.aspectj.runtime.internal.AroundClosure;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.AopProxyUtils;

/**
 * Presents a {@link MethodInvocation} as the {@link ProceedingJoinPoint} that Micrometer's
 * {@code SpanTagAnnotationHandler} reads {@code @SpanTag} parameters from. It answers what that handler asks
 * (method signature, arguments, target and proxy); it cannot proceed, since the reactive processor has already
 * invoked the method by the time it reads the tags.
 */
final class MethodInvocationJoinPoint implements ProceedingJoinPoint {

	private final MethodInvocation invocation;

	private final Signature signature;

	MethodInvocationJoinPoint(MethodInvocation invocation) {
		this.invocation = invocation;
		this.signature = new Signature(invocation.getMethod());
	}

	@Override
	public @Nullable Object getThis() {
		return this.invocation.getThis();
	}

	@Override
	public @Nullable Object getTarget() {
		Object proxy = this.invocation.getThis();
		Object target = (proxy != null) ? AopProxyUtils.getSingletonTarget(proxy) : null;
		return (target != null) ? target : proxy;
	}

	@Override
	public Object[] getArgs() {
		return this.invocation.getArguments();
	}

	@Override
	public MethodSignature getSignature() {
		return this.signature;
	}

	@Override
	public String getKind() {
		return JoinPoint.METHOD_EXECUTION;
	}

	@Override
	public String toShortString() {
		return "execution(" + this.signature.toShortString() + ")";
	}

	@Override
	public String toLongString() {
		return "execution(" + this.signature.toLongString() + ")";
	}

	@Override
	public String toString() {
		return toShortString();
	}

	@Override
	public SourceLocation getSourceLocation() {
		throw new UnsupportedOperationException("No source location for " + this);
	}

	@Override
	public StaticPart getStaticPart() {
		throw new UnsupportedOperationException("No static part for " + this);
	}

	@Override
	public void set$AroundClosure(AroundClosure arc) {
		throw new UnsupportedOperationException("Cannot proceed " + this);
	}

	@Override
	public Object proceed() {
		throw new UnsupportedOperationException("Cannot proceed " + this);
	}

	@Override
	public Object proceed(Object[] args) {
		throw new UnsupportedOperationException("Cannot proceed " + this);
	}

	private record Signature(Method method) implements MethodSignature {

		@Override
		public Class<?> getReturnType() {
			return this.method.getReturnType();
		}

		@Override
		public Method getMethod() {
			return this.method;
		}

		@Override
		public Class<?>[] getParameterTypes() {
			return this.method.getParameterTypes();
		}

		@Override
		public String[] getParameterNames() {
			java.lang.reflect.Parameter[] parameters = this.method.getParameters();
			String[] names = new String[parameters.length];
			for (int i = 0; i < parameters.length; i++) {
				names[i] = parameters[i].getName();
			}
			return names;
		}

		@Override
		public Class<?>[] getExceptionTypes() {
			return this.method.getExceptionTypes();
		}

		@Override
		public String getName() {
			return this.method.getName();
		}

		@Override
		public int getModifiers() {
			return this.method.getModifiers();
		}

		@Override
		public Class<?> getDeclaringType() {
			return this.method.getDeclaringClass();
		}

		@Override
		public String getDeclaringTypeName() {
			return this.method.getDeclaringClass().getName();
		}

		@Override
		public String toShortString() {
			return this.method.getDeclaringClass().getSimpleName() + "." + this.method.getName() + "(..)";
		}

		@Override
		public String toLongString() {
			return this.method.toString();
		}

		@Override
		public String toString() {
			return toShortString();
		}

	}

}
