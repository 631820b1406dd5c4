package dev.tracewire.jdbc;

import java.lang.reflect.Method;
import java.sql.ResultSet;

import net.ttddyy.dsproxy.listener.MethodExecutionContext;
import net.ttddyy.dsproxy.proxy.ProxyConfig;
import net.ttddyy.dsproxy.proxy.ProxyLogicSupport;
import net.ttddyy.dsproxy.proxy.ResultSetProxyLogic;

/**
 * Counts the rows a result set returns and ends its fetch span when the rows run out, the result set is closed or
 * reading fails. Everything else goes straight to the driver's result set.
 */
final class FetchObservingResultSetLogic extends ProxyLogicSupport implements ResultSetProxyLogic {

	private final ResultSet resultSet;

	private final ProxyConfig proxyConfig;

	private final DataSourceInstrumentation.Fetch fetch;

	FetchObservingResultSetLogic(ResultSet resultSet, ProxyConfig proxyConfig, DataSourceInstrumentation.Fetch fetch) {
		this.resultSet = resultSet;
		this.proxyConfig = proxyConfig;
		this.fetch = fetch;
	}

	@Override
	public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
		String name = method.getName();
		if (isCommonMethod(name)) {
			return handleCommonMethod(name, this.resultSet, this.proxyConfig, args);
		}
		if (name.equals("next")) {
			return next(method, args);
		}
		if (name.equals("close")) {
			try {
				return proceedExecution(method, this.resultSet, args);
			}
			finally {
				this.fetch.finish(null);
			}
		}
		return proceedExecution(method, this.resultSet, args);
	}

	private Object next(Method method, Object[] args) throws Throwable {
		this.fetch.beforeNext();
		Object hasRow;
		try {
			hasRow = proceedExecution(method, this.resultSet, args);
		}
		catch (Throwable ex) {
			this.fetch.finish(ex);
			throw ex;
		}
		if (Boolean.TRUE.equals(hasRow)) {
			this.fetch.row();
		}
		else {
			this.fetch.finish(null);
		}
		return hasRow;
	}

	@Override
	protected Object performProxyLogic(Object proxy, Method method, Object[] args,
			MethodExecutionContext methodContext) throws Throwable {
		// Not used: invoke() handles every call itself.
		return proceedExecution(method, this.resultSet, args);
	}

}
